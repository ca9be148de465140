// Builds what the bundle tests load. The global script is the same esbuild configuration tsup uses for
// dist/openspm.global.js (IIFE, `var OpenSPM`, platform browser), built from the source in memory, so these
// tests always check the current code and need no `npm run build` (which `npm test` runs before them anyway).
import { readdirSync, statSync } from 'node:fs';
import vm from 'node:vm';
import { build } from 'esbuild';

export const root = new URL('../../', import.meta.url);

let globalCode: Promise<string> | undefined;

/** The global bundle's code, built once per test process. */
export function globalBundle(): Promise<string> {
  globalCode ??= build({
    entryPoints: [new URL('src/sheets/global.ts', root).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'OpenSPM',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return globalCode;
}

/** A fresh V8 context with nothing in it (no require, process, window or console), with the bundle loaded. */
export async function sandbox(extra = ''): Promise<vm.Context> {
  const context = vm.createContext({});
  vm.runInContext(await globalBundle(), context, { filename: 'openspm.global.js' });
  if (extra) vm.runInContext(extra, context, { filename: 'Code.gs' });
  return context;
}

/** Newest modification time of any file under a folder. */
export function newestMtime(dir: URL): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}
