import { defineConfig } from 'tsup';
// @ts-expect-error plain ESM helper without types, shared with typedoc and the package checks
import { libraryEntries } from './scripts/entries.mjs';

export default defineConfig([
  {
    // ESM + CJS + declarations for every subpath in package.json "exports".
    entry: libraryEntries(),
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: true,
    treeshake: true,
  },
  {
    // One minified script for browsers and Google Apps Script: `var OpenSPM = …` at top level.
    entry: { 'openspm.global': 'src/sheets/global.ts' },
    format: ['iife'],
    globalName: 'OpenSPM',
    minify: true,
    target: 'es2020',
    platform: 'browser',
    noExternal: [/.*/],
    outExtension: () => ({ js: '.js' }),
  },
  {
    // The `openspm` command-line tool (package.json "bin"): Node only, ESM, not a library entry.
    entry: { 'cli/index': 'src/cli/index.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    sourcemap: true,
    splitting: false,
  },
]);
