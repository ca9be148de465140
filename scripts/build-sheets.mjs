// Second step of `npm run build`, after tsup: generates the spreadsheet artefacts from the sheet function
// registry in the fresh ESM build, so they can never drift from the functions.
//   dist/excel/        functions.json (Excel custom-functions metadata), functions.js (the global bundle and
//                      the registration), functions.html, manifest.xml: serve it over HTTPS for the add-in
//   dist/apps-script/  Code.gs (@customfunction wrappers), openspm.js (the global bundle), appsscript.json:
//                      the Apps Script project `clasp push` uploads
//   examples/apps-script/Code.gs  the same generated wrappers, committed for reading (a test checks it is fresh)
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const at = (path) => new URL(path, root);
const sheets = await import(at('dist/sheets/index.js').href);

const excel = at('dist/excel/');
mkdirSync(excel, { recursive: true });
const metadata = sheets.excelMetadata();
writeFileSync(new URL('functions.json', excel), `${JSON.stringify(metadata, null, 2)}\n`);
const bundle = readFileSync(at('dist/openspm.global.js'), 'utf8');
const register = readFileSync(at('examples/excel-add-in/functions.js'), 'utf8');
writeFileSync(new URL('functions.js', excel), `${bundle}\n${register}`);
for (const file of ['functions.html', 'manifest.xml']) {
  copyFileSync(at(`examples/excel-add-in/${file}`), new URL(file, excel));
}

const appsScript = at('dist/apps-script/');
mkdirSync(appsScript, { recursive: true });
const code = sheets.appsScriptCode();
writeFileSync(new URL('Code.gs', appsScript), code);
const example = at('examples/apps-script/Code.gs');
if (readFileSync(example, 'utf8') !== code) {
  writeFileSync(example, code);
  console.log('sheets: examples/apps-script/Code.gs regenerated: commit it');
}
copyFileSync(at('dist/openspm.global.js'), new URL('openspm.js', appsScript));
copyFileSync(at('examples/apps-script/appsscript.json'), new URL('appsscript.json', appsScript));

const size = (file) => `${(readFileSync(file).length / 1024).toFixed(0)} KiB`;
console.log(
  `sheets: ${metadata.functions.length} functions → dist/excel/functions.json, dist/apps-script/Code.gs ` +
    `(bundle ${size(at('dist/openspm.global.js'))})`,
);
