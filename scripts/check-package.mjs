// Packaging checks, run by `npm test` after the build: pack the tarball as npm would publish it, then
// publint and @arethetypeswrong/cli on that tarball, then load every entry the way users will
// (ESM import, CJS require, and the global bundle in a bare script context, as Apps Script runs it).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { libraryEntries, packageJson } from './entries.mjs';

const dir = mkdtempSync(join(tmpdir(), 'openspm-pack-'));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });
try {
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', dir], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const tarball = join(dir, filename);
  console.log(`packed ${filename}`);
  run('npx', ['--no-install', 'publint', '--strict', tarball]);
  run('npx', ['--no-install', 'attw', tarball, '--profile', 'node16']);

  // Every subpath loads through both module systems and exposes the same names.
  const require = createRequire(import.meta.url);
  for (const subpath of Object.keys(packageJson.exports)) {
    if (subpath === './package.json' || subpath === './global') continue;
    const name = subpath === '.' ? 'openspm' : `openspm/${subpath.slice(2)}`;
    const esm = await import(name);
    const cjs = require(name);
    const a = Object.keys(esm)
      .filter((k) => k !== 'default')
      .sort();
    const b = Object.keys(cjs).sort();
    if (a.join() !== b.join()) throw new Error(`${name}: ESM and CJS exports differ`);
    if (a.length === 0) throw new Error(`${name}: no exports`);
    console.log(`${name}: ${a.length} exports (ESM and CJS agree)`);
  }
  if (Object.keys(libraryEntries()).length < 2) throw new Error('expected the root and the testing entry');

  // The global bundle defines `var OpenSPM` in a context with no window, module or require (Apps Script).
  const code = readFileSync(new URL('../dist/openspm.global.js', import.meta.url), 'utf8');
  const context = vm.createContext({});
  vm.runInContext(code, context);
  const api = vm.runInContext('OpenSPM', context);
  const total = vm.runInContext(
    "OpenSPM.Money.of('100.00', 'CNY').allocate([1, 1, 1]).map(String).join('|')",
    context,
  );
  if (total !== '33.34 CNY|33.33 CNY|33.33 CNY') throw new Error(`global bundle: unexpected ${total}`);
  console.log(
    `global bundle: OpenSPM with ${Object.keys(api).length} exports, ${(code.length / 1024).toFixed(0)} KiB`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
