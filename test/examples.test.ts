import { readdirSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

// Every example in examples/ runs as part of the tests, importing 'openspm' as a user would.
const dir = new URL('../examples/', import.meta.url);
// Example test files (*.test.ts) run as tests of their own.
const examples = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('examples', () => {
  it('exist', () => expect(examples.length).toBeGreaterThan(0));
  for (const file of examples) {
    it(`${file} runs`, async () => {
      const log = vi.spyOn(console, 'log').mockImplementation(() => {});
      try {
        const mod = await import(new URL(file, dir).href);
        if (typeof mod.main === 'function') await mod.main();
        expect(log).toHaveBeenCalled();
      } finally {
        log.mockRestore();
      }
    });
  }
});
