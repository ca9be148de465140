import { Money } from '../../money/index';
import {
  addDays,
  type CalendarPeriodKind,
  customPeriod,
  daysBetween,
  subPeriods,
  workingDays,
} from '../../period/index';
import { describeCell, isEmptyCell, type SheetCell } from '../cells';
import { cellDate } from '../dates';
import { problem } from '../errors';
import { cellDecimal, toCellNumber } from '../numbers';
import { defineSheetFunction } from '../registry';
import { CALENDAR_PARAMETERS, calendarOf, decimalsOf } from './shared';

const KINDS: readonly CalendarPeriodKind[] = ['year', 'half', 'quarter', 'month', 'week', 'day'];

/** `'quarter'`, `'Quarters'`, `'quarterly'` → `'quarter'`; `fallback` when empty. */
export function periodKindOf(
  value: SheetCell,
  name: string,
  fallback: CalendarPeriodKind,
): CalendarPeriodKind {
  if (isEmptyCell(value)) return fallback;
  const text = String(value).trim().toLowerCase();
  const kind = KINDS.find(
    (k) => text === k || text === `${k}s` || text === `${k}ly` || (k === 'day' && text === 'daily'),
  );
  if (kind === undefined) {
    problem('#VALUE!', `${name}: expected one of ${KINDS.join(', ')}, got ${describeCell(value)}`);
  }
  return kind;
}

/** SPM.TARGETCALENDAR: a total split over the periods between two dates by their working days. */
export const TARGETCALENDAR = defineSheetFunction({
  name: 'TARGETCALENDAR',
  description:
    'Splits a total target over the months (quarters, weeks…) between two dates in proportion to their working days; the targets sum exactly to the total.',
  parameters: [
    { name: 'total', type: 'number', description: 'The total to split, e.g. the annual target 12000000.' },
    { name: 'start', type: 'date', description: 'The first day of the span (a date, serial or 2024-01-01).' },
    { name: 'end', type: 'date', description: 'The last day of the span, included (2024-12-31).' },
    {
      name: 'by',
      type: 'text',
      optional: true,
      description: 'The periods: "year", "half", "quarter", "month" (default), "week" (ISO) or "day".',
    },
    ...CALENDAR_PARAMETERS,
    {
      name: 'fiscalStartMonth',
      type: 'number',
      optional: true,
      description:
        'The month the fiscal year starts, 1–12, for fiscal years, halves and quarters; default 1.',
    },
    {
      name: 'decimals',
      type: 'number',
      optional: true,
      description: 'Decimals of each target, 0 to 10; default 2. The total must not have more.',
    },
  ],
  result: {
    description:
      'A header row, then one row per period: its key (FY2024-Q1, 2024-03, 2024-W05), first and last day (ISO text; weeks at the edges are cut to the span), working days and target.',
    columns: ['Period', 'First day', 'Last day', 'Working days', 'Target'],
  },
  example: '=SPM.TARGETCALENDAR(12000000, "2024-01-01", "2024-12-31", "quarter", Holidays!A2:A20)',
  run(args) {
    const decimals = decimalsOf(args);
    const total = cellDecimal(args.cell('total'), 'total');
    if (total.decimalPlaces() > decimals) {
      problem(
        '#NUM!',
        `total: ${total.toFixed()} has more than ${decimals} decimals; round it first (ROUND) or raise decimals`,
      );
    }
    const start = cellDate(args.cell('start'), 'start', args.context);
    const end = cellDate(args.cell('end'), 'end', args.context);
    if (daysBetween(start, end) < 0) problem('#NUM!', `end (${end}) is before start (${start})`);
    const kind = periodKindOf(args.cell('by'), 'by', 'month');
    const calendar = calendarOf(args, { fiscalStartMonth: args.cell('fiscalStartMonth') });
    const periods = subPeriods(customPeriod(start, addDays(end, 1), calendar), kind, calendar);
    const days = periods.map((p) => workingDays(p, calendar));
    if (days.every((d) => d === 0)) {
      problem('#DIV/0!', `no working days from ${start} to ${end} in this calendar; nothing to split by`);
    }
    const targets = Money.of(total, 'XXX').allocate(days, { minorUnits: decimals });
    return [
      ['Period', 'First day', 'Last day', 'Working days', 'Target'],
      ...periods.map((p, i) => [
        p.key,
        p.start,
        addDays(p.end, -1),
        days[i]!,
        toCellNumber(targets[i]!.amount, decimals, 'half-even', `row ${i + 2}`),
      ]),
    ];
  },
});
