import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { appsScriptCode, SHEET_FUNCTIONS } from '../../src/sheets/index';
import { root, sandbox } from './bundle';
import { SAMPLES } from './samples';

const committed = () => readFileSync(new URL('examples/apps-script/Code.gs', root), 'utf8');

/** Runs Code.gs after the bundle in an empty context, as Apps Script loads a project's files. */
async function appsScript(timeZone?: string): Promise<vm.Context> {
  const context = await sandbox(committed());
  if (timeZone) {
    // The read-only part of SpreadsheetApp a custom function may use.
    vm.runInContext(
      `var SpreadsheetApp = { getActiveSpreadsheet: function () { return { getSpreadsheetTimeZone: function () { return ${JSON.stringify(timeZone)}; } }; } };`,
      context,
    );
  }
  return context;
}

/** Calls a wrapper with arguments made inside the sandbox (as Apps Script's own arrays and Dates are). */
function call(context: vm.Context, source: string): unknown {
  return JSON.parse(JSON.stringify(vm.runInContext(source, context)));
}

describe('Apps Script: generated Code.gs', () => {
  it('is fresh: examples/apps-script/Code.gs is what the registry generates (run npm run build)', () => {
    expect(committed()).toBe(appsScriptCode());
  });

  it('declares one documented @customfunction wrapper per function', () => {
    const code = appsScriptCode();
    for (const fn of SHEET_FUNCTIONS) {
      expect(code).toContain(`function SPM_${fn.name}(${fn.parameters.map((p) => p.name).join(', ')}) {`);
    }
    expect(code.match(/@customfunction/g)).toHaveLength(SHEET_FUNCTIONS.length);
  });

  for (const fn of SHEET_FUNCTIONS) {
    it(`SPM_${fn.name} runs in the sandbox with 2-D arrays in and out`, async () => {
      const context = await appsScript();
      const args = SAMPLES[fn.name].args.map((a) => JSON.stringify(a) ?? 'undefined').join(', ');
      expect(call(context, `SPM_${fn.name}(${args})`)).toEqual(SAMPLES[fn.name].expected);
    });
  }

  it('reads date cells (Dates at midnight in the spreadsheet time zone) and Sheets serials', async () => {
    const context = await appsScript('Asia/Shanghai');
    // 2024-03-15 00:00 in Shanghai is 2024-03-14T16:00Z: read in UTC it would be the 14th.
    expect(call(context, "SPM_ISODATE([[new Date('2024-03-14T16:00:00Z')], [45366], [59], ['']])")).toEqual([
      ['2024-03-15'],
      ['2024-03-15'],
      ['1900-02-27'],
      [''],
    ]);
    // A one-cell reference arrives as the bare value, a date cell as a Date.
    expect(call(context, "SPM_PERIODKEY(new Date('2024-03-31T16:00:00Z'), 'month')")).toEqual([['2024-04']]);
  });

  it('shows a bad row as error text in its cell, and throws (#ERROR! with the reason) when the call fails', async () => {
    const context = await appsScript();
    expect(call(context, "SPM_TIEREDCOMMISSION([[100], ['abc']], [[0, 0.1]])")).toEqual([
      [10],
      ['#VALUE! sales row 2: expected a number, got "abc"'],
    ]);
    expect(() => vm.runInContext('SPM_TARGETSPLIT(100)', context)).toThrow(/^#VALUE! weights is required/);
    expect(() => vm.runInContext("SPM_TARGETSPLIT(100, [[1], [-1]], '')", context)).toThrow(
      '#NUM! weights row 2: a weight cannot be negative, got -1',
    );
  });
});
