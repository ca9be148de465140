import { z } from 'zod';
import {
  ErrorCode,
  type ErrorCodeValue,
  formatPath,
  fromZodIssues,
  type IssuePath,
  issue,
  type OpenSpmIssue,
  parseOrThrow,
  throwIssues,
} from '../errors';
import { type Account, AccountSchema } from './account';
import { type Activity, ActivitySchema } from './activity';
import { CurrencyCodeSchema, describeValue, formatInstant, IdSchema } from './common';
import type { Dataset } from './dataset';
import { type Deal, DealSchema } from './deal';
import { type Rep, RepSchema, type Team, TeamSchema } from './org';
import { type Payment, PaymentSchema } from './payment';
import { type Pipeline, PipelineSchema } from './pipeline';
import { type StageChange, StageChangeSchema } from './stage-change';

/**
 * Options for {@link validateDataset}.
 *
 * @example
 * ```ts
 * import { validateDataset, type ValidateDatasetOptions } from 'openspm';
 * const options: ValidateDatasetOptions = { allowHistoryGaps: true };
 * validateDataset({ pipelines: [], deals: [] }, options).deals; //=> []
 * ```
 */
export interface ValidateDatasetOptions {
  /**
   * Accept stage histories with gaps: a change whose `fromStageId` is not the `toStageId` of the deal's
   * previous change (for example when the CRM only kept some of the moves). Time order is still checked.
   * Default `false`.
   */
  allowHistoryGaps?: boolean;
  /**
   * Accept amounts in several currencies, each convertible to this one by `rates`. Without it, every amount
   * must be in one currency (`CURRENCY_MISMATCH` otherwise). A payment must still be in its deal's currency.
   */
  reportingCurrency?: string;
  /**
   * With `reportingCurrency`: the exchange rates (from `rateTable`, or the rate list). An amount in a currency
   * with no rate to or from the reporting currency is a `MISSING_EXCHANGE_RATE` issue; dates are checked when
   * converting.
   */
  rates?:
    | readonly CurrencyPair[]
    | {
        /** The rates of a rate table. */
        readonly rates: readonly CurrencyPair[];
      };
}

/**
 * A currency pair an exchange rate converts between; every `ExchangeRate` is one.
 *
 * @example
 * ```ts
 * import type { CurrencyPair } from 'openspm';
 * const pair: CurrencyPair = { from: 'USD', to: 'CNY' };
 * ```
 */
export interface CurrencyPair {
  /** The currency converted from. */
  readonly from: string;
  /** The currency converted to. */
  readonly to: string;
}

const PairSchema = z.looseObject({ from: z.string(), to: z.string() });
const OptionsSchema = z
  .object({
    allowHistoryGaps: z.boolean().optional(),
    reportingCurrency: CurrencyCodeSchema.optional(),
    rates: z.union([z.array(PairSchema), z.looseObject({ rates: z.array(PairSchema) })]).optional(),
  })
  .optional();

/** The collections, in the order issues are reported. */
const ORDER = [
  'currency',
  'pipelines',
  'deals',
  'stageChanges',
  'activities',
  'reps',
  'teams',
  'accounts',
  'payments',
];
const MAX_LISTED = 12;

/** One parsed collection: values aligned with the input (undefined where a record failed to parse). */
interface Collection<T> {
  /** The input held an array here. */
  readonly supplied: boolean;
  readonly values: (T | undefined)[];
  /** Id → index of the first valid record with it. */
  readonly first: Map<string, number>;
  /** Ids of records that failed to parse: references to them are not reported as unknown. */
  readonly broken: Set<string>;
}

function has(c: Collection<unknown>, id: string): boolean {
  return c.first.has(id) || c.broken.has(id);
}

function listIds(ids: Iterable<string>): string {
  const all = [...ids];
  const shown = all.slice(0, MAX_LISTED).join(', ');
  return all.length > MAX_LISTED ? `${shown}, …and ${all.length - MAX_LISTED} more` : shown;
}

/**
 * Translates a record's zod issues, adding the bad value when the message does not show it and naming the
 * record (`(deal "D-17")`) so a person can find it in their CRM.
 */
function recordIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  basePath: IssuePath,
  label: string | undefined,
): OpenSpmIssue[] {
  return fromZodIssues(zodIssues, basePath).map((translated, k) => {
    const zi = zodIssues[k]!;
    const where = formatPath(translated.path);
    let text = where ? translated.message.slice(where.length + 2) : translated.message;
    const declared = zi.code === 'custom' && zi.params?.code !== undefined;
    const shows = zi.code === 'invalid_union' || zi.code === 'unrecognized_keys' || /\bgot\b/.test(text);
    if (!declared && !shows && zi.input !== undefined) text += `, got ${describeValue(zi.input)}`;
    if (label !== undefined && !text.includes(label)) text += ` (${label})`;
    return issue(translated.code, translated.path, text);
  });
}

/**
 * Parses one collection record by record, so that one bad record does not hide the others' problems.
 * `idKey` names the field that identifies a record; `label` names a record for messages.
 */
function parseCollection<S extends z.ZodType>(
  raw: Record<string, unknown>,
  name: string,
  schema: S,
  required: boolean,
  idKey: string | undefined,
  label: (item: Record<string, unknown>) => string | undefined,
  issues: OpenSpmIssue[],
): Collection<z.output<S>> {
  const value = raw[name];
  const values: (z.output<S> | undefined)[] = [];
  const first = new Map<string, number>();
  const broken = new Set<string>();
  if (value === undefined || value === null) {
    if (required)
      issues.push(issue(ErrorCode.INVALID_INPUT, [name], `is required (expected a list of ${name})`));
    return { supplied: false, values, first, broken };
  }
  if (!Array.isArray(value)) {
    issues.push(
      issue(ErrorCode.INVALID_INPUT, [name], `expected a list of ${name}, got ${describeValue(value)}`),
    );
    return { supplied: false, values, first, broken };
  }
  const singular = name.replace(/ies$/, 'y').replace(/s$/, '');
  // Every readable id, valid record or not, for duplicate detection.
  const seen = new Map<string, number>();
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    // reportInput doubles the cost of parsing; only a record that fails is parsed again to show its values.
    const result = schema.safeParse(item);
    let id: string | undefined;
    if (result.success) {
      values.push(result.data);
      if (idKey !== undefined) {
        id = (result.data as Record<string, string>)[idKey]!;
        if (!first.has(id)) first.set(id, i);
      }
    } else {
      values.push(undefined);
      const record =
        item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : undefined;
      const detailed = schema.safeParse(item, { reportInput: true });
      const zodIssues = detailed.success ? result.error.issues : detailed.error.issues;
      issues.push(...recordIssues(zodIssues, [name, i], record && label(record)));
      if (idKey !== undefined && record) {
        const parsed = IdSchema.safeParse(record[idKey]);
        if (parsed.success) {
          id = parsed.data;
          broken.add(id);
        }
      }
    }
    if (id === undefined) continue;
    const before = seen.get(id);
    if (before === undefined) seen.set(id, i);
    else {
      issues.push(
        issue(
          ErrorCode.DUPLICATE_ID,
          [name, i, idKey!],
          `${singular} id "${id}" is used again; ${name}[${before}] already has it (ids must be unique within ${name})`,
        ),
      );
    }
  }
  return { supplied: true, values, first, broken };
}

/** Names a record by its id, when the id itself is readable. */
const byId =
  (singular: string) =>
  (record: Record<string, unknown>): string | undefined => {
    const id = IdSchema.safeParse(record.id);
    return id.success ? `${singular} "${id.data}"` : undefined;
  };

const changeLabel = (record: Record<string, unknown>): string | undefined => {
  const dealId = IdSchema.safeParse(record.dealId);
  return dealId.success ? `a stage change of deal "${dealId.data}"` : undefined;
};

function rank(path: IssuePath): number {
  const r = ORDER.indexOf(String(path[0]));
  return r === -1 ? ORDER.length : r;
}

/**
 * Validates a whole CRM snapshot and returns it parsed: ids as strings, dates as `Date`, amounts as `Money`,
 * stages sorted, absent collections as `[]`, and `currency` set to the dataset's one currency.
 *
 * It reports **every** problem at once, by throwing one `OpenSpmError` with code `INVALID_DATASET` whose
 * `issues` each carry their own code, path and a message naming the record, the field, the bad value and
 * what was expected:
 *
 * - each record's shape (wrong types, missing fields, negative amounts, impossible dates): `INVALID_INPUT`,
 *   `INVALID_DATE`, `INVALID_AMOUNT`…; a deal closed before it was created: `INVALID_INPUT`;
 * - `DUPLICATE_ID`: two records of one collection with the same id (the first one counts);
 * - `UNKNOWN_REFERENCE`: a deal's pipeline, a deal's stage not in its pipeline, a stage change's deal or its
 *   stages not in the deal's pipeline, a payment's deal, an activity's deal. Owners, activity reps, managers,
 *   teams and accounts are checked only when the `reps`, `teams` or `accounts` list is given and not empty
 *   (an empty list means "not tracked", so that a dataset this function returned validates again);
 * - `STAGE_HISTORY_ORDER`: a deal's stage changes, in list order, go back in time, or a change does not start
 *   from the stage the previous one moved to (allowed with `allowHistoryGaps`);
 * - `HIERARCHY_CYCLE`: a team is its own ancestor through `parentId`;
 * - `CURRENCY_MISMATCH`: an amount not in the dataset's currency (`currency` if given, else the first deal's),
 *   a payment not in its deal's currency, a pipeline whose `currency` differs. With `reportingCurrency` and
 *   `rates`, amounts may be in any currency with a rate to or from the reporting currency
 *   (`MISSING_EXCHANGE_RATE` otherwise), and `currency` is set only when every amount shares one.
 *
 * Runs in linear time: 200,000 deals with a million stage changes take seconds, not minutes.
 *
 * @example
 * ```ts
 * import { validateDataset } from 'openspm';
 * const data = validateDataset({
 *   pipelines: [{ id: 'p1', name: 'New business', stages: [
 *     { id: 'lead', name: 'Lead', order: 0, kind: 'open' },
 *     { id: 'won', name: 'Won', order: 1, kind: 'won' },
 *   ] }],
 *   deals: [{ id: 'D-1', pipelineId: 'p1', ownerId: 'rep-1', stageId: 'won',
 *     amount: { amount: '5000', currency: 'CNY' }, createdAt: '2024-03-01', closedAt: '2024-03-20' }],
 * });
 * data.currency; //=> 'CNY'
 *
 * try {
 *   validateDataset({ pipelines: data.pipelines, deals: [{ ...data.deals[0], stageId: 's9' }] });
 * } catch (error) {
 *   error.issues[0].message;
 *   //=> 'deals[0].stageId: stage "s9" of deal "D-1" is not a stage of pipeline "p1" (its stages: lead, won)'
 * }
 * ```
 */
export function validateDataset(input: unknown, options: ValidateDatasetOptions = {}): Dataset {
  const parsedOptions = parseOrThrow(OptionsSchema, options, 'validateDataset options', ['options']);
  const allowHistoryGaps = parsedOptions?.allowHistoryGaps;
  const reporting = parsedOptions?.reportingCurrency;
  // Mixed currencies: the currencies with a rate to or from the reporting currency.
  const convertible = new Set<string>();
  if (reporting !== undefined) {
    convertible.add(reporting);
    const given = parsedOptions?.rates;
    for (const r of (Array.isArray(given) ? given : given?.rates) ?? []) {
      if (r.to === reporting) convertible.add(r.from);
      if (r.from === reporting) convertible.add(r.to);
    }
  }
  const seenCurrencies = new Set<string>();
  const issues: OpenSpmIssue[] = [];
  const report = (code: ErrorCodeValue, path: IssuePath, text: string) =>
    issues.push(issue(code, path, text));

  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return throwIssues(ErrorCode.INVALID_DATASET, 'Invalid dataset', [
      issue(
        ErrorCode.INVALID_INPUT,
        [],
        `expected a dataset object like { pipelines: [...], deals: [...] }, got ${describeValue(input)}`,
      ),
    ]);
  }
  const raw = input as Record<string, unknown>;

  let currency: string | undefined;
  let currencyGiven = false;
  if (raw.currency !== undefined && raw.currency !== null) {
    currencyGiven = true;
    const result = CurrencyCodeSchema.safeParse(raw.currency);
    if (result.success) currency = result.data;
    else issues.push(...fromZodIssues(result.error.issues, ['currency']));
  }

  const pipelines = parseCollection(raw, 'pipelines', PipelineSchema, true, 'id', byId('pipeline'), issues);
  const deals = parseCollection(raw, 'deals', DealSchema, true, 'id', byId('deal'), issues);
  const stageChanges = parseCollection(
    raw,
    'stageChanges',
    StageChangeSchema,
    false,
    undefined,
    changeLabel,
    issues,
  );
  const activities = parseCollection(
    raw,
    'activities',
    ActivitySchema,
    false,
    'id',
    byId('activity'),
    issues,
  );
  const reps = parseCollection(raw, 'reps', RepSchema, false, 'id', byId('rep'), issues);
  const teams = parseCollection(raw, 'teams', TeamSchema, false, 'id', byId('team'), issues);
  const accounts = parseCollection(raw, 'accounts', AccountSchema, false, 'id', byId('account'), issues);
  const payments = parseCollection(raw, 'payments', PaymentSchema, false, 'id', byId('payment'), issues);

  // People, teams and accounts are checked only when given: a non-empty list (an empty one, as in the output of
  // this function for a dataset without them, means "not tracked").
  const checkReps = reps.values.length > 0;
  const checkTeams = teams.values.length > 0;
  const checkAccounts = accounts.values.length > 0;

  // The stage ids of each pipeline, and how to list them in a message.
  const stagesOf = new Map<string, { ids: Set<string>; pipeline: Pipeline }>();
  for (const [id, index] of pipelines.first) {
    const pipeline = pipelines.values[index]!;
    stagesOf.set(id, { ids: new Set(pipeline.stages.map((s) => s.id)), pipeline });
  }
  const stageList = (pipelineId: string) =>
    listIds(stagesOf.get(pipelineId)!.pipeline.stages.map((s) => s.id));

  // The dataset's one currency: given, else the first deal's (else the first payment's).
  let currencySource = 'the dataset currency';
  if (!currencyGiven) {
    const firstDeal = deals.values.find((d) => d !== undefined);
    const firstPayment = payments.values.find((p) => p !== undefined);
    if (firstDeal) {
      currency = firstDeal.amount.currency;
      currencySource = `the currency of the first deal, "${firstDeal.id}"`;
    } else if (firstPayment) {
      currency = firstPayment.amount.currency;
      currencySource = `the currency of the first payment, "${firstPayment.id}"`;
    }
  }
  if (reporting !== undefined) {
    if (currencyGiven && currency !== undefined && currency !== reporting) {
      report(
        ErrorCode.CURRENCY_MISMATCH,
        ['currency'],
        `the dataset currency ${currency} differs from the reporting currency ${reporting}; leave currency out when amounts are mixed`,
      );
    }
    currency = reporting;
  }
  const checkCurrency = (found: string, path: IssuePath, what: string) => {
    seenCurrencies.add(found);
    if (reporting !== undefined) {
      if (!convertible.has(found)) {
        report(
          ErrorCode.MISSING_EXCHANGE_RATE,
          path,
          `${what} is in ${found}, and no ${found}→${reporting} (or ${reporting}→${found}) exchange rate was given; add one to rates`,
        );
      }
      return;
    }
    if (currency !== undefined && found !== currency) {
      report(
        ErrorCode.CURRENCY_MISMATCH,
        path,
        `${what} is in ${found}, but all amounts must be in ${currency} (${currencySource})`,
      );
    }
  };

  pipelines.values.forEach((pipeline, i) => {
    if (pipeline?.currency !== undefined) {
      checkCurrency(pipeline.currency, ['pipelines', i, 'currency'], `pipeline "${pipeline.id}"`);
    }
  });

  // Deals. Plain loops with no per-record closures or messages: this runs for every record of large datasets.
  for (let i = 0; i < deals.values.length; i++) {
    const deal = deals.values[i];
    if (!deal) continue;
    const stages = stagesOf.get(deal.pipelineId);
    if (pipelines.supplied && !has(pipelines, deal.pipelineId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['deals', i, 'pipelineId'],
        `deal "${deal.id}" is in pipeline "${deal.pipelineId}", which is not in pipelines (known: ${listIds(pipelines.first.keys()) || 'none'})`,
      );
    } else if (stages && !stages.ids.has(deal.stageId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['deals', i, 'stageId'],
        `stage "${deal.stageId}" of deal "${deal.id}" is not a stage of pipeline "${deal.pipelineId}" (its stages: ${stageList(deal.pipelineId)})`,
      );
    }
    if (checkReps && !has(reps, deal.ownerId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['deals', i, 'ownerId'],
        `deal "${deal.id}" is owned by "${deal.ownerId}", who is not in reps`,
      );
    }
    if (checkTeams && deal.teamId !== undefined && !has(teams, deal.teamId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['deals', i, 'teamId'],
        `deal "${deal.id}" is credited to team "${deal.teamId}", which is not in teams`,
      );
    }
    if (checkAccounts && deal.accountId !== undefined && !has(accounts, deal.accountId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['deals', i, 'accountId'],
        `deal "${deal.id}" is for account "${deal.accountId}", which is not in accounts`,
      );
    }
    if ((currency !== undefined && deal.amount.currency !== currency) || reporting !== undefined) {
      checkCurrency(deal.amount.currency, ['deals', i, 'amount', 'currency'], `deal "${deal.id}"`);
    }
  }

  // Stage changes: references, then each deal's history in list order.
  const dealOf = (id: string): Deal | undefined => {
    const index = deals.first.get(id);
    return index === undefined ? undefined : deals.values[index];
  };
  const dealKnown = (id: string) => !deals.supplied || has(deals, id);
  const history = new Map<string, { at: number; to: string | null | undefined; index: number }>();
  const rawChanges = raw.stageChanges;
  for (let i = 0; i < stageChanges.values.length; i++) {
    const change = stageChanges.values[i];
    if (!change) {
      // A change that did not parse breaks its deal's chain: do not compare the next change with an older one.
      const item = Array.isArray(rawChanges) ? (rawChanges[i] as unknown) : undefined;
      const dealId =
        item !== null && typeof item === 'object'
          ? IdSchema.safeParse((item as Record<string, unknown>).dealId)
          : undefined;
      if (dealId?.success) history.set(dealId.data, { at: Number.NaN, to: undefined, index: i });
      continue;
    }
    if (!dealKnown(change.dealId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['stageChanges', i, 'dealId'],
        `stage change at ${formatInstant(change.at)} is for deal "${change.dealId}", which is not in deals`,
      );
      continue;
    }
    const deal = dealOf(change.dealId);
    const stages = deal && stagesOf.get(deal.pipelineId);
    if (deal && stages) {
      if (change.fromStageId !== null && !stages.ids.has(change.fromStageId)) {
        report(
          ErrorCode.UNKNOWN_REFERENCE,
          ['stageChanges', i, 'fromStageId'],
          `stage change of deal "${deal.id}" at ${formatInstant(change.at)} moves from stage "${change.fromStageId}", which is not a stage of its pipeline "${deal.pipelineId}" (its stages: ${stageList(deal.pipelineId)})`,
        );
      }
      if (!stages.ids.has(change.toStageId)) {
        report(
          ErrorCode.UNKNOWN_REFERENCE,
          ['stageChanges', i, 'toStageId'],
          `stage change of deal "${deal.id}" at ${formatInstant(change.at)} moves to stage "${change.toStageId}", which is not a stage of its pipeline "${deal.pipelineId}" (its stages: ${stageList(deal.pipelineId)})`,
        );
      }
    }
    const time = change.at.getTime();
    const previous = history.get(change.dealId);
    if (!previous) {
      history.set(change.dealId, { at: time, to: change.toStageId, index: i });
      continue;
    }
    if (time < previous.at) {
      report(
        ErrorCode.STAGE_HISTORY_ORDER,
        ['stageChanges', i, 'at'],
        `stage change of deal "${change.dealId}" at ${formatInstant(change.at)} is earlier than the change before it (stageChanges[${previous.index}] at ${formatInstant(new Date(previous.at))}); list each deal's stage changes in time order`,
      );
    }
    if (!allowHistoryGaps && previous.to !== undefined && change.fromStageId !== previous.to) {
      const from =
        change.fromStageId === null
          ? 'enters the pipeline again (fromStageId null)'
          : `moves from stage "${change.fromStageId}"`;
      report(
        ErrorCode.STAGE_HISTORY_ORDER,
        ['stageChanges', i, 'fromStageId'],
        `deal "${change.dealId}" ${from} at ${formatInstant(change.at)}, but the change before it (stageChanges[${previous.index}]) moved it to "${previous.to}"; each change must start where the previous one ended (or pass allowHistoryGaps: true)`,
      );
    }
    // A change that went back in time is reported once; the next is compared with the latest time seen.
    previous.at = Number.isNaN(previous.at) ? time : Math.max(previous.at, time);
    previous.to = change.toStageId;
    previous.index = i;
  }

  // Activities.
  for (let i = 0; i < activities.values.length; i++) {
    const activity = activities.values[i];
    if (!activity) continue;
    if (checkReps && !has(reps, activity.repId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['activities', i, 'repId'],
        `activity "${activity.id}" was done by "${activity.repId}", who is not in reps`,
      );
    }
    if (activity.dealId !== undefined && !dealKnown(activity.dealId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['activities', i, 'dealId'],
        `activity "${activity.id}" is on deal "${activity.dealId}", which is not in deals`,
      );
    }
    if (checkAccounts && activity.accountId !== undefined && !has(accounts, activity.accountId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['activities', i, 'accountId'],
        `activity "${activity.id}" is with account "${activity.accountId}", which is not in accounts`,
      );
    }
  }

  // People and teams.
  reps.values.forEach((rep, i) => {
    if (rep && checkTeams && !has(teams, rep.teamId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['reps', i, 'teamId'],
        `rep "${rep.id}" (${rep.name}) is in team "${rep.teamId}", which is not in teams`,
      );
    }
  });
  teams.values.forEach((team, i) => {
    if (!team) return;
    if (team.parentId !== undefined && !has(teams, team.parentId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['teams', i, 'parentId'],
        `team "${team.id}" has parent team "${team.parentId}", which is not in teams`,
      );
    }
    if (checkReps && team.managerId !== undefined && !has(reps, team.managerId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['teams', i, 'managerId'],
        `team "${team.id}" is led by "${team.managerId}", who is not in reps`,
      );
    }
  });
  findTeamCycles(teams, report);

  accounts.values.forEach((account, i) => {
    if (account?.ownerId !== undefined && checkReps && !has(reps, account.ownerId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['accounts', i, 'ownerId'],
        `account "${account.id}" is owned by "${account.ownerId}", who is not in reps`,
      );
    }
  });

  // Payments.
  payments.values.forEach((payment, i) => {
    if (!payment) return;
    const name = `payment "${payment.id}"`;
    if (!dealKnown(payment.dealId)) {
      report(
        ErrorCode.UNKNOWN_REFERENCE,
        ['payments', i, 'dealId'],
        `${name} is for deal "${payment.dealId}", which is not in deals`,
      );
    }
    const deal = dealOf(payment.dealId);
    const path = ['payments', i, 'amount', 'currency'];
    if (deal && deal.amount.currency !== payment.amount.currency) {
      report(
        ErrorCode.CURRENCY_MISMATCH,
        path,
        `${name} is in ${payment.amount.currency}, but its deal "${deal.id}" is in ${deal.amount.currency}`,
      );
    } else {
      checkCurrency(payment.amount.currency, path, name);
    }
  });

  if (issues.length > 0) {
    const sorted = issues
      .map((it, n) => ({ it, n, r: rank(it.path), i: typeof it.path[1] === 'number' ? it.path[1] : -1 }))
      .sort((a, b) => a.r - b.r || a.i - b.i || a.n - b.n)
      .map((x) => x.it);
    return throwIssues(ErrorCode.INVALID_DATASET, 'Invalid dataset', sorted);
  }

  // Mixed currencies: the dataset has one currency only when every amount shares it.
  if (reporting !== undefined) currency = seenCurrencies.size === 1 ? [...seenCurrencies][0] : undefined;
  return {
    ...(currency === undefined ? {} : { currency }),
    pipelines: pipelines.values as Pipeline[],
    deals: deals.values as Deal[],
    stageChanges: stageChanges.values as StageChange[],
    activities: activities.values as Activity[],
    reps: reps.values as Rep[],
    teams: teams.values as Team[],
    accounts: accounts.values as Account[],
    payments: payments.values as Payment[],
  };
}

/** Reports each loop in the team tree once, at the team of the loop listed first in `teams`. */
function findTeamCycles(
  teams: Collection<Team>,
  report: (code: ErrorCodeValue, path: IssuePath, text: string) => void,
): void {
  const parentOf = new Map<string, string>();
  for (const [id, index] of teams.first) {
    const parentId = teams.values[index]!.parentId;
    if (parentId !== undefined && teams.first.has(parentId)) parentOf.set(id, parentId);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  for (const start of teams.first.keys()) {
    if (state.has(start)) continue;
    const walk: string[] = [];
    let current: string | undefined = start;
    while (current !== undefined && !state.has(current)) {
      state.set(current, 'visiting');
      walk.push(current);
      current = parentOf.get(current);
    }
    if (current !== undefined && state.get(current) === 'visiting') {
      const loop = walk.slice(walk.indexOf(current));
      let head = 0;
      for (let k = 1; k < loop.length; k++) {
        if (teams.first.get(loop[k]!)! < teams.first.get(loop[head]!)!) head = k;
      }
      const ordered = [...loop.slice(head), ...loop.slice(0, head)];
      const id = ordered[0]!;
      report(
        ErrorCode.HIERARCHY_CYCLE,
        ['teams', teams.first.get(id)!, 'parentId'],
        `team "${id}" is its own ancestor: ${[...ordered, id].map((t) => `"${t}"`).join(' → ')} (following parentId); a chain of parent teams must end at a top-level team`,
      );
    }
    for (const id of walk) state.set(id, 'done');
  }
}
