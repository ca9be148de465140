import { type Curve, type KpiDirection, scoreKpis } from '../../kpi/index';
import { Decimal } from '../../money/index';
import {
  describeCell,
  headerKey,
  isEmptyCell,
  readTable,
  type SheetCell,
  type SheetTable,
  type SheetValue,
} from '../cells';
import { problem, toSheetError } from '../errors';
import { cellDecimal, cellWholeNumber, toCellNumber } from '../numbers';
import { defineSheetFunction, type SheetArgs } from '../registry';
import { cellId, HEADERS } from './crm';

/** A KPI as the weights range defines it. */
interface SheetKpi {
  readonly name: string;
  readonly weight: Decimal;
  readonly direction: KpiDirection;
  readonly curve: Curve;
}

const KPI_HEADERS = ['kpi', 'metric', 'indicator', 'measure', '指标'];
const WEIGHT_HEADERS = ['weight', 'weighting', '权重'];
const DIRECTION_HEADERS = ['direction', 'better', '方向'];
const CURVE_HEADERS = ['curve', 'scoring', 'method', '计分方式'];
const CAP_HEADERS = ['cap', 'max', 'maximum', '封顶'];
const THRESHOLD_HEADERS = ['threshold', 'floor', 'min', '门槛'];
const STRETCH_HEADERS = ['stretch', 'excellent', '挑战'];

/**
 * A curve point given as a share of the target: `80%` (the cell holds 0.8) or `80` both mean 80 %; a
 * number up to 10 is a share (1.2 = 120 %), above 10 it is already in percent.
 */
function percentOf(value: SheetCell, where: string): number {
  const d = cellDecimal(value, where);
  if (d.isNegative()) problem('#NUM!', `${where}: cannot be negative, got ${d.toFixed()}`);
  return (d.lessThanOrEqualTo(10) ? d.times(100) : d).toNumber();
}

function directionOf(value: SheetCell, where: string): KpiDirection {
  if (isEmptyCell(value)) return 'higher';
  const text = String(value).trim().toLowerCase();
  if (text === 'higher' || text === 'lower' || text === 'closer') return text;
  return problem('#VALUE!', `${where}: expected "higher", "lower" or "closer", got ${describeCell(value)}`);
}

function curveOf(row: readonly SheetCell[], cols: Record<string, number | undefined>, where: string): Curve {
  const at = (c: number | undefined) => (c === undefined ? undefined : row[c]);
  const kind = at(cols.curve);
  const text = isEmptyCell(kind) ? 'ratio' : headerKey(String(kind));
  if (text === 'ratio' || text === 'linear') return { kind: 'ratio' };
  if (text === 'capped' || text === 'cappedratio') {
    const cap = at(cols.cap);
    return { kind: 'capped-ratio', cap: isEmptyCell(cap) ? 120 : percentOf(cap, `${where} (cap)`) };
  }
  if (text === 'piecewise' || text === 'threshold' || text === 'thresholdtargetstretch') {
    const threshold = at(cols.threshold);
    if (isEmptyCell(threshold)) {
      problem('#VALUE!', `${where}: a piecewise curve needs a Threshold (e.g. 80% of the target)`);
    }
    const stretch = at(cols.stretch);
    const t = percentOf(threshold, `${where} (threshold)`);
    const s = isEmptyCell(stretch) ? undefined : percentOf(stretch, `${where} (stretch)`);
    if (t >= 100) problem('#NUM!', `${where}: the threshold (${t}%) must be below the target (100%)`);
    if (s !== undefined && s <= 100)
      problem('#NUM!', `${where}: the stretch (${s}%) must be above the target (100%)`);
    return {
      kind: 'piecewise',
      basis: 'attainment',
      threshold: t,
      target: 100,
      ...(s !== undefined ? { stretch: s } : {}),
      scores: { threshold: 50, target: 100, stretch: 150 },
      belowThreshold: 'zero',
    };
  }
  if (text === 'binary' || text === 'metornot') {
    return { kind: 'binary', scoreMet: 100, scoreMissed: 0, tolerance: 0 };
  }
  return problem(
    '#VALUE!',
    `${where}: the curve must be "ratio", "capped", "piecewise" or "binary", got ${describeCell(kind)}`,
  );
}

/** The KPIs from the weights range: a KPI-per-row table, or one row of weights under the KPI names. */
function kpisOf(args: SheetArgs, names: readonly string[]): SheetKpi[] {
  const table = readTable(args.range('weights'), { name: 'weights' });
  const kpiCol = table.columnIndex(KPI_HEADERS);
  const found: SheetKpi[] = [];
  if (kpiCol !== undefined) {
    const col = (h: string[]) => table.columnIndex(h);
    const cols = {
      weight: col(WEIGHT_HEADERS),
      direction: col(DIRECTION_HEADERS),
      curve: col(CURVE_HEADERS),
      cap: col(CAP_HEADERS),
      threshold: col(THRESHOLD_HEADERS),
      stretch: col(STRETCH_HEADERS),
    };
    if (cols.weight === undefined) problem('#N/A', 'weights: a KPI table needs a Weight column');
    table.rows.forEach((row, i) => {
      if (row.every(isEmptyCell)) return;
      const where = table.where(i);
      const name = cellId(row[kpiCol], where, 'KPI');
      found.push({
        name,
        weight: cellDecimal(row[cols.weight!], `${where} (weight)`),
        direction: directionOf(
          cols.direction === undefined ? undefined : row[cols.direction],
          `${where} (direction)`,
        ),
        curve: curveOf(row, cols, where),
      });
    });
  } else {
    // One row of weights: under a header of KPI names, or aligned with the values' KPI columns.
    const header = table.header ?? names;
    const row = table.rows[0] ?? [];
    if (table.rows.length !== 1 || header.length !== row.length) {
      problem(
        '#VALUE!',
        'weights: expected a table with KPI and Weight columns (and optionally Direction, Curve, Cap, Threshold, Stretch), or one row of weights under the KPI names',
      );
    }
    header.forEach((name, c) => {
      if (isEmptyCell(row[c])) return;
      found.push({
        name,
        weight: cellDecimal(row[c], `weights column ${c + 1} (${name})`),
        direction: 'higher',
        curve: { kind: 'ratio' },
      });
    });
  }
  const keys = new Set<string>();
  for (const k of found) {
    if (keys.has(headerKey(k.name))) problem('#VALUE!', `weights: KPI "${k.name}" is listed twice`);
    keys.add(headerKey(k.name));
    if (k.weight.isNegative()) problem('#NUM!', `weights: the weight of ${k.name} cannot be negative`);
    if (!names.some((n) => headerKey(n) === headerKey(k.name))) {
      problem('#N/A', `weights: KPI "${k.name}" is not a column of values (${names.join(', ')})`);
    }
  }
  if (found.length === 0) problem('#VALUE!', 'weights: no KPI has a weight');
  // Weights may total 100 (40, 60) or 1 (40%, 60% or 0.4, 0.6).
  const sum = found.reduce((s, k) => s.plus(k.weight), new Decimal(0));
  const scale = sum.equals(1) ? 100 : 1;
  if (!sum.equals(1) && !sum.equals(100)) {
    problem(
      '#NUM!',
      `weights: the weights total ${sum.toFixed()}, not 100 (or 100%); ${found.map((k) => `${k.name} ${k.weight.toFixed()}`).join(' + ')}`,
    );
  }
  return found.map((k) => {
    const weight = k.weight.times(scale);
    if (weight.decimalPlaces() > 2) {
      problem('#NUM!', `weights: ${k.name}'s weight ${weight.toFixed()}% has more than 2 decimals`);
    }
    return { ...k, weight };
  });
}

interface Targets {
  /** The target every rep shares, by KPI key. */
  readonly common: Map<string, number>;
  /** Per-rep targets, by rep then KPI key. */
  readonly perRep: Map<string, Map<string, number>>;
  /** Problems of per-rep target rows, by rep. */
  readonly problems: Map<string, unknown>;
}

function targetsOf(args: SheetArgs, names: readonly string[]): Targets {
  const table: SheetTable = readTable(args.range('targets'), { name: 'targets' });
  const header = table.header ?? names;
  const repCol = table.header ? table.columnIndex(HEADERS.owner) : undefined;
  const common = new Map<string, number>();
  const perRep = new Map<string, Map<string, number>>();
  const problems = new Map<string, unknown>();
  const kpiColumns = header
    .map((name, c) => ({ name, c }))
    .filter(({ name, c }) => c !== repCol && names.some((n) => headerKey(n) === headerKey(name)));
  if (kpiColumns.length === 0) {
    problem(
      '#N/A',
      `targets: no column names a KPI of values (${names.join(', ')}); put the KPI names in its header row`,
    );
  }
  if (repCol === undefined && table.rows.length !== 1) {
    problem(
      '#VALUE!',
      'targets: expected one row of targets under the KPI names, or a Rep column with a row per rep',
    );
  }
  table.rows.forEach((row, i) => {
    if (row.every(isEmptyCell)) return;
    const where = table.where(i);
    const rep = repCol === undefined ? undefined : cellId(row[repCol], where, 'rep');
    const into = rep === undefined ? common : new Map<string, number>();
    try {
      for (const { name, c } of kpiColumns) {
        if (isEmptyCell(row[c])) continue;
        into.set(headerKey(name), cellDecimal(row[c], `${where} (${name})`).toNumber());
      }
    } catch (error) {
      if (rep === undefined) throw error;
      problems.set(rep, error);
    }
    if (rep !== undefined) perRep.set(rep, into);
  });
  return { common, perRep, problems };
}

/** SPM.KPISCORE: a weighted KPI score per rep, from values, targets and weights ranges. */
export const KPISCORE = defineSheetFunction({
  name: 'KPISCORE',
  description:
    'Weighted KPI score per rep: each KPI scored against its target on its curve (100 = on target), then weighted; with the rank and every KPI’s score.',
  parameters: [
    {
      name: 'values',
      type: 'range',
      description:
        'A header row Rep, then one column per KPI (Visits, Revenue…); one row per rep. An empty cell is missing: that KPI is left out and the other weights re-normalised.',
    },
    {
      name: 'targets',
      type: 'range',
      description:
        'The targets: one row under the KPI names (the same for every rep), or a Rep column and a row per rep.',
    },
    {
      name: 'weights',
      type: 'range',
      description:
        'A table KPI, Weight and optionally Direction (higher, lower, closer), Curve (ratio, capped, piecewise, binary), Cap, Threshold, Stretch; or one row of weights under the KPI names. Weights total 100 (or 100%).',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals of the scores shown, 0 to 6; default 2 (rounded half-up, once).',
    },
  ],
  result: {
    description:
      'A header row Rep, Total, Rank and one column per KPI with its score in points; one row per rep. A KPI left out shows "n/a (reason)"; a rep whose row cannot be read shows the error in its row.',
    columns: ['Rep', 'Total', 'Rank'],
  },
  example: '=SPM.KPISCORE(Values!A1:D20, Targets!B1:D2, Weights!A1:F4)',
  run(args) {
    const decimals = cellWholeNumber(args.cell('decimals'), 'decimals', 0, 6, 2);
    const values = readTable(args.range('values'), { name: 'values' });
    if (!values.header) {
      problem('#VALUE!', 'values: needs a header row: Rep, then the name of each KPI');
    }
    const repCol = values.columnIndex(HEADERS.owner) ?? 0;
    const names = values.header.filter((_, c) => c !== repCol);
    const kpis = kpisOf(args, names);
    const targets = targetsOf(args, names);
    const ids = new Map(kpis.map((k, i) => [headerKey(k.name), `k${i}`]));
    const columnOf = new Map(
      kpis.map((k) => [
        k.name,
        values.header!.findIndex((h, c) => c !== repCol && headerKey(h) === headerKey(k.name)),
      ]),
    );
    const reps: string[] = [];
    const repValues: Record<string, Record<string, number | null>> = {};
    const repTargets: Record<string, Record<string, number | null>> = {};
    const rowErrors = new Map<number, { rep: string; error: unknown }>();
    const order: { rep: string; row: number }[] = [];
    const seen = new Set<string>();
    values.rows.forEach((row, i) => {
      if (row.every(isEmptyCell)) return;
      const where = values.where(i);
      let rep = isEmptyCell(row[repCol]) ? '' : String(row[repCol]).trim();
      try {
        rep = cellId(row[repCol], where, 'rep');
        if (seen.has(rep)) problem('#VALUE!', `${where}: rep "${rep}" is listed twice`);
        seen.add(rep);
        const own: Record<string, number | null> = {};
        for (const k of kpis) {
          const cell = row[columnOf.get(k.name)!];
          own[ids.get(headerKey(k.name))!] = isEmptyCell(cell)
            ? null
            : cellDecimal(cell, `${where} (${k.name})`).toNumber();
        }
        const targetError = targets.problems.get(rep);
        if (targetError !== undefined) throw targetError;
        const mine = targets.perRep.get(rep);
        if (targets.perRep.size > 0 && mine === undefined) {
          problem('#N/A', `${where}: rep "${rep}" has no row in targets`);
        }
        const t: Record<string, number | null> = {};
        for (const k of kpis) {
          const key = headerKey(k.name);
          t[ids.get(key)!] = mine?.get(key) ?? targets.common.get(key) ?? null;
        }
        repValues[rep] = own;
        repTargets[rep] = t;
        reps.push(rep);
        order.push({ rep, row: i });
      } catch (error) {
        rowErrors.set(i, { rep, error });
        order.push({ rep, row: i });
      }
    });
    const header: SheetValue[] = ['Rep', 'Total', 'Rank', ...kpis.map((k) => k.name)];
    const scored =
      reps.length === 0
        ? undefined
        : scoreKpis(
            {
              scorecard: {
                id: 'sheet',
                name: 'Sheet scorecard',
                version: 1,
                effectiveFrom: '2000-01-01',
                dimensions: [
                  {
                    id: 'kpis',
                    name: 'KPIs',
                    weight: 100,
                    kpis: kpis.map((k) => ({
                      id: ids.get(headerKey(k.name))!,
                      name: k.name,
                      weight: k.weight.toNumber(),
                      direction: k.direction,
                      curve: k.curve,
                    })),
                  },
                ],
              },
              reps,
              values: repValues,
              targets: repTargets,
            },
            // No weight profiles by tenure here, so the evaluation date does not change any figure.
            { asOf: '2000-01-01' },
          );
    const byRep = new Map(scored?.reps.map((r) => [r.repId, r]) ?? []);
    const out: SheetValue[][] = [header];
    for (const { rep, row } of order) {
      const bad = rowErrors.get(row);
      if (bad) {
        out.push([bad.rep, toSheetError(bad.error), ...new Array<SheetValue>(header.length - 2).fill('')]);
        continue;
      }
      const r = byRep.get(rep)!;
      const where = `rep ${rep}`;
      out.push([
        rep,
        r.total === null
          ? `n/a (${r.reason ?? 'no KPI could be scored'})`
          : toCellNumber(r.total, decimals, 'half-up', where),
        r.rank ?? '',
        ...r.kpis.map(
          (k): SheetValue =>
            k.score === null
              ? `n/a (${k.reason ?? 'excluded'})`
              : toCellNumber(k.score, decimals, 'half-up', `${where} (${k.name})`),
        ),
      ]);
    }
    return out;
  },
});
