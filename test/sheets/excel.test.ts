import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type ExcelCustomFunctionsHost,
  type ExcelFunctionsMetadata,
  excelMetadata,
  registerExcelFunctions,
  SHEET_FUNCTIONS,
} from '../../src/sheets/index';
import { newestMtime, root } from './bundle';
import { SAMPLES } from './samples';

/**
 * Checks metadata the way Excel's custom-functions loader reads it (the rules of the JSON metadata
 * reference): unique upper-case ids and names, known types and dimensionalities, optional parameters last.
 * Returns every problem found.
 */
function validateMetadata(metadata: ExcelFunctionsMetadata): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  if (!Array.isArray(metadata.functions) || metadata.functions.length === 0) return ['no functions'];
  for (const f of metadata.functions) {
    if (!/^[A-Z][A-Z0-9._]*$/.test(f.id))
      problems.push(`${f.id}: id must be upper-case letters, digits, . or _`);
    if (!/^[A-Z][A-Z0-9._]*$/.test(f.name)) problems.push(`${f.id}: bad name ${f.name}`);
    if (ids.has(f.id)) problems.push(`${f.id}: duplicate id`);
    ids.add(f.id);
    if (!f.description) problems.push(`${f.id}: no description`);
    if (f.result?.dimensionality !== 'matrix' && f.result?.dimensionality !== 'scalar') {
      problems.push(`${f.id}: bad result dimensionality`);
    }
    let optional = false;
    const names = new Set<string>();
    for (const p of f.parameters) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(p.name)) problems.push(`${f.id}.${p.name}: bad parameter name`);
      if (names.has(p.name)) problems.push(`${f.id}.${p.name}: duplicate parameter`);
      names.add(p.name);
      if (!['number', 'string', 'boolean', 'any'].includes(p.type))
        problems.push(`${f.id}.${p.name}: bad type`);
      if (!['scalar', 'matrix'].includes(p.dimensionality))
        problems.push(`${f.id}.${p.name}: bad dimensionality`);
      if (!p.description) problems.push(`${f.id}.${p.name}: no description`);
      if (optional && !p.optional) problems.push(`${f.id}.${p.name}: required after optional`);
      optional ||= p.optional === true;
      const keys = Object.keys(p).filter(
        (k) => !['name', 'description', 'type', 'dimensionality', 'optional'].includes(k),
      );
      if (keys.length) problems.push(`${f.id}.${p.name}: unknown keys ${keys.join()}`);
    }
  }
  return problems;
}

/** A stand-in for Office.js's CustomFunctions global. */
function fakeHost() {
  const associated = new Map<string, (...args: unknown[]) => unknown>();
  class ExcelError {
    constructor(
      readonly code: string,
      readonly message?: string,
    ) {}
  }
  const host: ExcelCustomFunctionsHost = {
    associate: (id, fn) => associated.set(id, fn),
    Error: ExcelError,
  };
  return { host, associated, ExcelError };
}

describe('Excel custom-functions metadata', () => {
  const metadata = excelMetadata();

  it('is valid', () => {
    expect(validateMetadata(metadata)).toEqual([]);
  });

  it('matches the registry: one entry per function, parameters in order with their types', () => {
    expect(metadata.functions.map((f) => f.id)).toEqual(SHEET_FUNCTIONS.map((f) => f.name));
    for (const [i, def] of SHEET_FUNCTIONS.entries()) {
      const f = metadata.functions[i]!;
      expect(f.description).toBe(def.description);
      expect(f.parameters.map((p) => p.name)).toEqual(def.parameters.map((p) => p.name));
      def.parameters.forEach((p, j) => {
        const m = f.parameters[j]!;
        expect(m.optional === true).toBe(p.optional === true);
        expect(m.dimensionality).toBe(p.type === 'range' ? 'matrix' : 'scalar');
        const type = { range: 'any', date: 'any', number: 'number', text: 'string', boolean: 'boolean' }[
          p.type
        ];
        expect(m.type).toBe(type);
      });
    }
  });

  it('is what the build wrote to dist/excel/functions.json (when the build is current)', () => {
    const file = new URL('dist/excel/functions.json', root);
    if (!existsSync(file) || newestMtime(new URL('src/', root)) > newestMtime(new URL('dist/excel/', root))) {
      console.log('dist/excel/functions.json missing or older than src/: run npm run build to check it');
      return;
    }
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(metadata);
  });

  it('the add-in manifest sets the SPM namespace and points at the generated metadata', () => {
    const manifest = readFileSync(new URL('examples/excel-add-in/manifest.xml', root), 'utf8');
    expect(manifest).toMatch(/<bt:String id="Functions.Namespace" DefaultValue="SPM" \/>/);
    expect(manifest).toContain('functions.json');
    const script = readFileSync(new URL('examples/excel-add-in/functions.js', root), 'utf8');
    expect(script).toContain('OpenSPM.sheets.registerExcelFunctions(CustomFunctions)');
  });
});

describe('registerExcelFunctions', () => {
  it('associates every id in the metadata with a function that computes it', () => {
    const { host, associated } = fakeHost();
    registerExcelFunctions(host);
    expect([...associated.keys()]).toEqual(excelMetadata().functions.map((f) => f.id));
    for (const def of SHEET_FUNCTIONS) {
      const sample = SAMPLES[def.name];
      // Excel passes null for omitted optional arguments.
      const args = [...sample.args, ...new Array(def.parameters.length - sample.args.length).fill(null)];
      expect(associated.get(def.name)!(...args)).toEqual(sample.expected);
    }
  });

  it('returns row errors as CustomFunctions.Error cells and throws whole-call failures', () => {
    const { host, associated, ExcelError } = fakeHost();
    registerExcelFunctions(host);
    const tiered = associated.get('TIEREDCOMMISSION')!;
    const result = tiered([[100], ['abc'], [-5]], [[0, 0.1]], null, null, null, null) as unknown[][];
    expect(result[0]).toEqual([10]);
    expect(result[1]![0]).toEqual(new ExcelError('#VALUE!', 'sales row 2: expected a number, got "abc"'));
    // Excel shows messages only with #VALUE! and #N/A: #NUM! travels inside the message.
    expect(result[2]![0]).toEqual(
      new ExcelError(
        '#VALUE!',
        '#NUM! sales row 3: sales of -5 are negative; tiers apply to totals of 0 or more',
      ),
    );
    expect(() => associated.get('TARGETSPLIT')!(100, null, null)).toThrow(ExcelError);
  });

  it('can keep #NUM! and #DIV/0! codes (without a message) and read the 1904 date system', () => {
    const { host, associated, ExcelError } = fakeHost();
    registerExcelFunctions(host, { keepErrorCodes: true, dateSystem: 'excel1904' });
    const split = associated.get('TARGETSPLIT')!;
    expect(() => split(100, [[0], [0]], null)).toThrow(new ExcelError('#DIV/0!'));
    expect(associated.get('ISODATE')!([[0]])).toEqual([['1904-01-01']]);
  });
});
