import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Examples import 'openspm' as users do; tests resolve it to the source.
    alias: [
      { find: /^openspm$/, replacement: src('index.ts') },
      { find: /^openspm\/(.+)$/, replacement: src('$1/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    // Generous limits: PGlite, Chromium and the demo start slowly on a loaded 2-core machine. Speed is
    // measured in bench/, never by a test's time limit.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
