import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleExport } from '../../examples/cli/generate';
import { SAMPLE } from './helpers';

describe('the sample export set', () => {
  it('is exactly what examples/cli/generate.ts generates from generateSampleData', () => {
    const files = sampleExport();
    expect([...files.keys()].sort()).toEqual(readdirSync(SAMPLE).sort());
    for (const [name, text] of files) expect(readFileSync(join(SAMPLE, name), 'utf8')).toBe(text);
  });
});
