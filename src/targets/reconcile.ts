import type { ConversionPolicy } from '../currency/index';
import { ErrorCode, type IssuePath } from '../errors';
import { Decimal, Money, type MoneyInput } from '../money/index';
import type { FiscalCalendar, FiscalCalendarOptions, Period } from '../period/index';
import {
  conversionNote,
  converter,
  type TargetConversion,
  type TargetCurrencyOptions,
  type When,
} from './currency';
import { checkShape } from './schemas';
import { fail, readCalendar, readMoney, readPeriod } from './shared';

/**
 * A team with its top-down target; teams form a tree through `parentId`.
 *
 * @example
 * ```ts
 * import type { ReconcileTeam } from 'openspm';
 * const t: ReconcileTeam = { id: 'east', parentId: 'sales', target: { amount: '600000', currency: 'CNY' } };
 * ```
 */
export interface ReconcileTeam {
  /** The team's id. */
  readonly id: string;
  /** A name to show. */
  readonly name?: string;
  /** The team above it; absent for a top-level team. */
  readonly parentId?: string;
  /** Its top-down target. */
  readonly target: Money | MoneyInput;
}

/**
 * A rep's bottom-up commitment.
 *
 * @example
 * ```ts
 * import type { Commitment } from 'openspm';
 * const c: Commitment = { repId: 'u1', teamId: 'east', amount: { amount: '250000', currency: 'CNY' } };
 * ```
 */
export interface Commitment {
  /** The rep. */
  readonly repId: string;
  /** The team the rep belongs to. */
  readonly teamId: string;
  /** What the rep commits to. */
  readonly amount: Money | MoneyInput;
}

/**
 * What to reconcile.
 *
 * @example
 * ```ts
 * import type { ReconcileTargetsInput } from 'openspm';
 * const input: ReconcileTargetsInput = { teams: [], commitments: [] };
 * ```
 */
export interface ReconcileTargetsInput {
  /** Teams with top-down targets. */
  readonly teams: readonly ReconcileTeam[];
  /** Rep commitments. */
  readonly commitments: readonly Commitment[];
}

/**
 * Options of {@link reconcileTargets}.
 *
 * @example
 * ```ts
 * import type { ReconcileTargetsOptions } from 'openspm';
 * const options: ReconcileTargetsOptions = { coverageDecimals: 4 };
 * ```
 */
export interface ReconcileTargetsOptions extends TargetCurrencyOptions {
  /** Decimals of the coverage ratio (half-even); default 4. */
  readonly coverageDecimals?: number;
  /**
   * The reconciliation's currency; default the first top-level team's target's. Targets and commitments in
   * other currencies are converted into it.
   */
  readonly reportingCurrency?: string;
  /**
   * The period the targets and commitments cover (a `Period` or a key such as `'FY2025'`): its first day
   * gives the rate (or its average, with `'period-average'`). Needed to convert, unless `conversion` is a
   * policy object (fixed plan rates, a date).
   */
  readonly period?: Period | string;
  /** The calendar for `period` keys. */
  readonly calendar?: FiscalCalendar | FiscalCalendarOptions;
  /**
   * Which rate: `'on-date'` (default; the rate on the first day of `period`), `'period-average'` (the
   * average over `period`), or any `ConversionPolicy` (fixed plan rates).
   */
  readonly conversion?: 'on-date' | 'period-average' | ConversionPolicy;
}

/**
 * One team's reconciliation.
 *
 * @example
 * ```ts
 * import { reconcileTargets } from 'openspm';
 * const r = reconcileTargets({
 *   teams: [{ id: 'east', target: { amount: '600000', currency: 'CNY' } }],
 *   commitments: [{ repId: 'u1', teamId: 'east', amount: { amount: '550000', currency: 'CNY' } }],
 * });
 * r.teams[0].status; //=> 'short'
 * r.teams[0].coverage; //=> '0.9167'
 * ```
 */
export interface TeamReconciliation {
  /** The team. */
  readonly id: string;
  /** Its name, when given. */
  readonly name?: string;
  /** The team above, or null. */
  readonly parentId: string | null;
  /** Its top-down target. */
  readonly target: Money;
  /** Commitments of its own reps. */
  readonly ownCommitted: Money;
  /** Commitments of its reps and of every team below it. */
  readonly committed: Money;
  /** target − committed: positive when commitments fall short. */
  readonly gap: Money;
  /** committed ÷ target, or null when the target is 0. */
  readonly coverage: string | null;
  /** `'short'`, `'covered'` (exactly) or `'over'`. */
  readonly status: 'short' | 'covered' | 'over';
  /** Sum of the direct sub-teams' targets (0 without sub-teams). */
  readonly subTeamTargets: Money;
  /** target − subTeamTargets when it has sub-teams (a top-down split that does not add up), else null. */
  readonly unassigned: Money | null;
  /** How many reps committed in it and below. */
  readonly reps: number;
  /**
   * Its target and its own reps' commitments that were converted (originals, rates, rounding); only when
   * some were. Those of the teams below are on those teams.
   */
  readonly conversions?: readonly TargetConversion[];
}

/**
 * The result of {@link reconcileTargets}.
 *
 * @example
 * ```ts
 * import { reconcileTargets } from 'openspm';
 * const r = reconcileTargets({
 *   teams: [{ id: 'east', target: { amount: '600000', currency: 'CNY' } }],
 *   commitments: [{ repId: 'u1', teamId: 'east', amount: { amount: '550000', currency: 'CNY' } }],
 * });
 * r.gap.toString(); //=> '50000.00 CNY'
 * ```
 */
export interface ReconcileTargetsResult {
  /** One entry per team, in input order. */
  readonly teams: readonly TeamReconciliation[];
  /** Sum of the top-level teams' targets. */
  readonly target: Money;
  /** Sum of all commitments. */
  readonly committed: Money;
  /** target − committed. */
  readonly gap: Money;
  /** Every amount converted into the reconciliation's currency (only when some were). */
  readonly conversions?: readonly TargetConversion[];
  /** How amounts in other currencies were converted, when any were. */
  readonly conversion?: string;
}

/**
 * Bottom-up reconciliation: per team, the gap between the top-down target and the sum of its reps'
 * commitments (its own and every sub-team's), the coverage ratio, and whether its sub-teams' targets add
 * up to its own.
 *
 * @param input - teams with targets, rep commitments.
 * @param options - coverage decimals, currency options and the `period` whose first day gives the rate.
 * @throws OpenSpmError `UNKNOWN_REFERENCE` (a parent or team that does not exist), `HIERARCHY_CYCLE`,
 *   `DUPLICATE_ID`, `CURRENCY_MISMATCH` (without currency options), `MISSING_EXCHANGE_RATE`, `INVALID_INPUT`
 *   (converting with the default rate but no `period`).
 * @example
 * ```ts
 * import { reconcileTargets } from 'openspm';
 * const cny = (amount: string) => ({ amount, currency: 'CNY' });
 * const r = reconcileTargets({
 *   teams: [
 *     { id: 'sales', target: cny('1000000') },
 *     { id: 'east', parentId: 'sales', target: cny('600000') },
 *     { id: 'west', parentId: 'sales', target: cny('400000') },
 *   ],
 *   commitments: [
 *     { repId: 'u1', teamId: 'east', amount: cny('350000') },
 *     { repId: 'u2', teamId: 'east', amount: cny('200000') },
 *     { repId: 'u3', teamId: 'west', amount: cny('420000') },
 *   ],
 * });
 * r.teams.map((t) => `${t.id} ${t.gap} ${t.status}`);
 * //=> ['sales 30000.00 CNY short', 'east 50000.00 CNY short', 'west -20000.00 CNY over']
 * ```
 */
export function reconcileTargets(
  input: ReconcileTargetsInput,
  options: ReconcileTargetsOptions = {},
): ReconcileTargetsResult {
  checkShape('reconcileTargets', input, options);
  if (
    input === null ||
    typeof input !== 'object' ||
    !Array.isArray(input.teams) ||
    !Array.isArray(input.commitments)
  ) {
    fail(ErrorCode.INVALID_INPUT, [], 'expected { teams, commitments }');
  }
  if (input.teams.length === 0) fail(ErrorCode.INVALID_INPUT, ['teams'], 'expected at least one team');
  const decimals = options.coverageDecimals ?? 4;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    fail(
      ErrorCode.INVALID_INPUT,
      ['coverageDecimals'],
      `must be a whole number from 0 to 20, got ${decimals}`,
    );
  }
  let currency = '';
  let minorUnits = 2;
  const cv = converter(options);
  let period: Period | undefined;
  if (options.period !== undefined)
    period = readPeriod(options.period, readCalendar(options.calendar), ['period']);
  const when = (): When => {
    if (period === undefined) {
      fail(
        ErrorCode.INVALID_INPUT,
        ['period'],
        'is needed to convert: give the period the targets cover (the rate on its first day is used), or a conversion policy such as fixed plan rates',
      );
    }
    return { date: period.start, period };
  };
  if (cv.on) {
    if (options.reportingCurrency !== undefined) currency = options.reportingCurrency;
    else {
      const k = input.teams.findIndex((t) => t !== null && typeof t === 'object' && t.parentId === undefined);
      const root = Math.max(k, 0);
      const first = input.teams[root];
      currency = readMoney(first?.target, ['teams', root, 'target']).currency;
    }
    minorUnits = Money.zero(currency).minorUnits;
  }
  const owner: number[] = [];
  const read = (v: unknown, path: IssuePath, team: number): bigint => {
    let m = readMoney(v, path);
    if (cv.on) {
      const n = cv.list.length;
      m = cv.convert(m, currency, minorUnits, when, path);
      if (cv.list.length > n) owner.push(team);
    }
    if (currency === '') {
      currency = m.currency;
      minorUnits = m.minorUnits;
    } else if (m.currency !== currency) {
      fail(ErrorCode.CURRENCY_MISMATCH, path, `is in ${m.currency}, the first amount in ${currency}`);
    }
    return m.toMinor(minorUnits);
  };
  const index = new Map<string, number>();
  const teams = input.teams.map((t, i) => {
    if (t === null || typeof t !== 'object' || typeof t.id !== 'string' || t.id === '') {
      fail(ErrorCode.INVALID_INPUT, ['teams', i, 'id'], 'every team needs an id');
    }
    if (index.has(t.id)) fail(ErrorCode.DUPLICATE_ID, ['teams', i, 'id'], `team "${t.id}" is listed twice`);
    index.set(t.id, i);
    return { t, target: read(t.target, ['teams', i, 'target'], i), own: 0n, reps: new Set<string>() };
  });
  const parent = teams.map((x, i) => {
    if (x.t.parentId === undefined) return -1;
    const p = index.get(x.t.parentId);
    if (p === undefined)
      fail(ErrorCode.UNKNOWN_REFERENCE, ['teams', i, 'parentId'], `team "${x.t.parentId}" does not exist`);
    return p;
  });
  parent.forEach((_, i) => {
    let p = parent[i]!;
    for (let steps = 0; p !== -1; steps++) {
      if (p === i || steps > teams.length) {
        fail(
          ErrorCode.HIERARCHY_CYCLE,
          ['teams', i, 'parentId'],
          `team "${teams[i]!.t.id}" is its own ancestor`,
        );
      }
      p = parent[p]!;
    }
  });
  input.commitments.forEach((c, k) => {
    const path: IssuePath = ['commitments', k];
    if (c === null || typeof c !== 'object')
      fail(ErrorCode.INVALID_INPUT, path, 'expected { repId, teamId, amount }');
    const i = index.get(c.teamId);
    if (i === undefined)
      fail(ErrorCode.UNKNOWN_REFERENCE, [...path, 'teamId'], `team "${c.teamId}" does not exist`);
    teams[i]!.own += read(c.amount, [...path, 'amount'], i);
    teams[i]!.reps.add(String(c.repId));
  });
  const committed = teams.map((x) => x.own);
  const reps = teams.map((x) => new Set(x.reps));
  const childTargets = teams.map(() => 0n);
  const hasChildren = teams.map(() => false);
  teams.forEach((x, i) => {
    for (let p = parent[i]!; p !== -1; p = parent[p]!) {
      committed[p] = committed[p]! + x.own;
      for (const r of x.reps) reps[p]!.add(r);
    }
    if (parent[i] !== -1) {
      childTargets[parent[i]!] = childTargets[parent[i]!]! + x.target;
      hasChildren[parent[i]!] = true;
    }
  });
  if (currency === '') currency = 'XXX';
  const money = (v: bigint) => Money.fromMinor(v, currency, minorUnits);
  const mine: TargetConversion[][] = teams.map(() => []);
  cv.list.forEach((c, k) => {
    mine[owner[k]!]!.push(c);
  });
  const out = teams.map((x, i): TeamReconciliation => {
    const gap = x.target - committed[i]!;
    return {
      id: x.t.id,
      ...(x.t.name !== undefined ? { name: x.t.name } : {}),
      parentId: x.t.parentId ?? null,
      target: money(x.target),
      ownCommitted: money(x.own),
      committed: money(committed[i]!),
      gap: money(gap),
      coverage:
        x.target === 0n
          ? null
          : new Decimal(committed[i]!.toString())
              .dividedBy(x.target.toString())
              .toDecimalPlaces(decimals, Decimal.ROUND_HALF_EVEN)
              .toFixed(decimals),
      status: gap > 0n ? 'short' : gap === 0n ? 'covered' : 'over',
      subTeamTargets: money(childTargets[i]!),
      unassigned: hasChildren[i] ? money(x.target - childTargets[i]!) : null,
      reps: reps[i]!.size,
      ...(mine[i]!.length > 0 ? { conversions: mine[i]! } : {}),
    };
  });
  const target = teams.reduce((a, x, i) => (parent[i] === -1 ? a + x.target : a), 0n);
  const all = teams.reduce((a, x) => a + x.own, 0n);
  const converted = conversionNote(cv.list, currency);
  return {
    teams: out,
    target: money(target),
    committed: money(all),
    gap: money(target - all),
    ...(converted !== null ? { conversions: cv.list, conversion: converted } : {}),
  };
}
