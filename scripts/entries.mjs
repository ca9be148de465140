// One source of truth for the package's entry points: the `exports` map in package.json.
// Adding a subpath (`"./sheets": {...}`) is the one change; tsup, typedoc and the package checks
// derive their entry lists from here. `./foo/bar` is built from `src/foo/bar/index.ts`.
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

/** @returns {Record<string, string>} tsup entry name (dist path without extension) → source file */
export function libraryEntries() {
  const entries = {};
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    if (typeof target !== 'object' || !target.import) continue; // ./global, ./package.json
    const dir = subpath === '.' ? '' : `${subpath.slice(2)}/`;
    entries[`${dir}index`] = `src/${dir}index.ts`;
  }
  return entries;
}

export const packageJson = pkg;
