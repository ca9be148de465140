import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { SHEET_FUNCTIONS } from '../../src/sheets/index';
import { globalBundle, sandbox } from './bundle';
import { SAMPLES } from './samples';

// The global bundle runs in a bare V8 context: no require, module, process, window, document or console.
describe('global bundle OpenSPM in an empty node:vm context', () => {
  it('has a sample for every registered function', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual(SHEET_FUNCTIONS.map((f) => f.name).sort());
  });

  it('defines OpenSPM with the root API and OpenSPM.sheets, touching no host globals', async () => {
    const context = await sandbox();
    expect(vm.runInContext('typeof OpenSPM.Money.of', context)).toBe('function');
    expect(vm.runInContext('typeof OpenSPM.sheets.callSheetFunction', context)).toBe('function');
    // zod keeps its schema registry on globalThis (`__zod_globalRegistry`); nothing else is added.
    const globals = vm.runInContext('Object.keys(globalThis)', context) as string[];
    expect(globals.filter((name) => !name.startsWith('__zod_'))).toEqual(['OpenSPM']);
    expect((await globalBundle()).length).toBeGreaterThan(1000);
  });

  for (const fn of SHEET_FUNCTIONS) {
    it(`computes SPM.${fn.name}`, async () => {
      const context = await sandbox();
      context.args = SAMPLES[fn.name].args;
      const viaName = vm.runInContext(`OpenSPM.sheets.sheetFunctions.${fn.name}(...args)`, context);
      // Arrays made in another realm: compare their JSON.
      expect(JSON.parse(JSON.stringify(viaName))).toEqual(SAMPLES[fn.name].expected);
      const viaCall = vm.runInContext(`OpenSPM.sheets.callSheetFunction('SPM.${fn.name}', args)`, context);
      expect(JSON.parse(JSON.stringify(viaCall))).toEqual(SAMPLES[fn.name].expected);
    });
  }

  it('returns errors as cells, never throws, in the sandbox too', async () => {
    const context = await sandbox();
    const result = vm.runInContext("OpenSPM.sheets.sheetFunctions.TARGETSPLIT(100, [[1], ['x']])", context);
    expect(JSON.parse(JSON.stringify(result))).toEqual([
      [{ error: '#VALUE!', message: 'weights row 2: expected a number, got "x"' }],
    ]);
  });
});
