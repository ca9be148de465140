import { type Rate, type SkippedStagePolicy, stageConversion } from '../../funnel/index';
import { Decimal } from '../../money/index';
import { addDays, customPeriod, daysBetween } from '../../period/index';
import { describeCell, isEmptyCell, type SheetCell, type SheetValue } from '../cells';
import { cellDate } from '../dates';
import { problem } from '../errors';
import { toCellNumber } from '../numbers';
import { defineSheetFunction } from '../registry';
import {
  badDealIds,
  currencyOf,
  dealsOf,
  problemRows,
  type SheetDeal,
  stageChangesOf,
  stagesOf,
} from './crm';

const POLICIES: readonly SkippedStagePolicy[] = ['impute', 'strict', 'progression'];

function policyOf(value: SheetCell): SkippedStagePolicy {
  if (isEmptyCell(value)) return 'impute';
  const text = String(value).trim().toLowerCase();
  const policy = POLICIES.find((p) => p === text);
  if (policy === undefined) {
    problem(
      '#VALUE!',
      `skippedStages: expected "impute", "strict" or "progression", got ${describeCell(value)}`,
    );
  }
  return policy;
}

/** A rate as a cell: the exact fraction to 10 decimals, or why there is none. */
export function rateCell(rate: Rate, where: string): SheetValue {
  if (rate.rate === null || rate.denominator === 0)
    return `n/a (${rate.notApplicable ?? 'nothing to divide by'})`;
  return toCellNumber(new Decimal(rate.numerator).dividedBy(rate.denominator), 10, 'half-even', where);
}

const COLUMNS = [
  'Stage',
  'Entered',
  'Moved on',
  'Lost',
  'Open',
  'Next-step conversion',
  'Cumulative conversion',
  'Median days',
];

/** SPM.FUNNEL: stage conversion from deals, stage changes and the pipeline's stages. */
export const FUNNEL = defineSheetFunction({
  name: 'FUNNEL',
  description:
    'Stage-to-stage conversion of a pipeline: per stage, deals entered, moved on, lost and open, next-step and cumulative conversion, and median days in the stage.',
  parameters: [
    {
      name: 'deals',
      type: 'range',
      description:
        'The deals with a header row: Deal, Stage (current), Created, and optionally Owner, Amount, Closed. A header row alone: stage changes only.',
    },
    {
      name: 'stageChanges',
      type: 'range',
      description:
        'The stage history with a header row: Deal, To (the stage entered), Date, optionally From; without a header, columns Deal, Stage, Date.',
    },
    {
      name: 'stages',
      type: 'range',
      description:
        'The pipeline’s stages in order: Stage and optionally Kind ("open", "won", "lost"; a stage named Won or Lost is taken as such).',
    },
    {
      name: 'asOf',
      type: 'date',
      description: 'The day the funnel is computed for (included), e.g. =TODAY(); later changes are ignored.',
    },
    {
      name: 'skippedStages',
      type: 'text',
      optional: true,
      description:
        'A deal that jumps over a stage: "impute" (default: counted as having passed it), "strict" (leaves the funnel) or "progression".',
    },
    {
      name: 'from',
      type: 'date',
      optional: true,
      description: 'Only deals that entered the first stage on or after this day; default: all.',
    },
    {
      name: 'to',
      type: 'date',
      optional: true,
      description: 'Only deals that entered the first stage on or before this day; default: up to asOf.',
    },
  ],
  result: {
    description:
      'A header row, then one row per open stage and a Won row: entered, moved on, lost, open, next-step conversion (moved on ÷ entered), cumulative conversion (reached ÷ first row) as fractions, median days in the stage. Rows of the inputs that could not be read follow, each as an error naming its row.',
    columns: COLUMNS,
  },
  example: '=SPM.FUNNEL(Deals!A1:F500, Changes!A1:C3000, Stages!A1:B7, TODAY())',
  run(args) {
    const asOf = cellDate(args.cell('asOf'), 'asOf', args.context);
    const policy = policyOf(args.cell('skippedStages'));
    const stages = stagesOf(args);
    const deals = dealsOf(args, stages, currencyOf(args));
    const dealsGiven = deals.records.length + deals.problems.length > 0;
    const bad = dealsGiven ? badDealIds(args) : new Set<string>();
    for (const id of deals.ids) bad.delete(id);
    const changes = stageChangesOf(args, stages, dealsGiven ? { ids: deals.ids, bad } : undefined);
    const fromCell = args.cell('from');
    const toCell = args.cell('to');
    let period: ReturnType<typeof customPeriod> | undefined;
    if (!isEmptyCell(fromCell) || !isEmptyCell(toCell)) {
      const start = isEmptyCell(fromCell) ? '1900-01-01' : cellDate(fromCell, 'from', args.context);
      const end = isEmptyCell(toCell) ? asOf : cellDate(toCell, 'to', args.context);
      if (daysBetween(start, end) < 0) problem('#NUM!', `to (${end}) is before from (${start})`);
      period = customPeriod(start, addDays(end, 1));
    }
    const result = stageConversion(
      {
        pipeline: stages.pipeline(),
        stageChanges: changes.records,
        ...(dealsGiven ? { deals: deals.records as SheetDeal[] } : {}),
      },
      { asOf, skippedStages: policy, calendar: { zone: 'UTC' }, ...(period ? { period } : {}) },
    );
    const rows: SheetValue[][] = [COLUMNS];
    for (const s of result.overall.stages) {
      const where = `stage ${s.name}`;
      const median = s.timeInStage.median;
      rows.push([
        s.name,
        s.entered,
        s.movedOn,
        s.lost,
        s.open,
        rateCell(s.conversion.nextStep, where),
        rateCell(s.conversion.cumulative, where),
        median === null ? (s.kind === 'won' ? '' : 'n/a (no stay ended)') : median,
      ]);
    }
    rows.push(...problemRows([...deals.problems, ...changes.problems], COLUMNS.length));
    return rows;
  },
});
