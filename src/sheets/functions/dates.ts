import {
  addDays,
  addWorkingDays,
  customPeriod,
  daysBetween,
  periodContaining,
  workingDays,
} from '../../period/index';
import { describeCell, isEmptyCell, mapCells, mapPairs } from '../cells';
import { cellDate } from '../dates';
import { problem, toSheetError } from '../errors';
import { cellWholeNumber } from '../numbers';
import { defineSheetFunction } from '../registry';
import { CALENDAR_PARAMETERS, calendarOf } from './shared';
import { periodKindOf } from './target-calendar';

/** SPM.ISODATE: date cells (serials, Dates, ISO text) as ISO text, to check how openspm reads them. */
export const ISODATE = defineSheetFunction({
  name: 'ISODATE',
  description:
    'Shows how openspm reads dates: each date cell (a date, a serial number or ISO text) as YYYY-MM-DD text.',
  parameters: [
    { name: 'dates', type: 'range', description: 'Date cells: dates, serial numbers or ISO text.' },
  ],
  result: { description: 'The same shape as dates: YYYY-MM-DD text, empty cells stay empty.' },
  example: '=SPM.ISODATE(A2:A10)',
  run(args) {
    const dates = args.range('dates');
    return mapCells('dates', dates, (cell, where) => cellDate(cell, where, args.context), toSheetError);
  },
});

/** SPM.PERIODKEY: the key of the fiscal year, half, quarter, month, ISO week or day each date falls in. */
export const PERIODKEY = defineSheetFunction({
  name: 'PERIODKEY',
  description:
    'The period each date falls in, as a key to group by: FY2024-Q3 (fiscal quarter), FY2024-H1, FY2024, 2024-03 (month), 2024-W05 (ISO week).',
  parameters: [
    { name: 'dates', type: 'range', description: 'Date cells: dates, serial numbers or ISO text.' },
    {
      name: 'by',
      type: 'text',
      optional: true,
      description: 'The period: "year", "half", "quarter" (default), "month", "week" (ISO) or "day".',
    },
    {
      name: 'fiscalStartMonth',
      type: 'number',
      optional: true,
      description: 'The month the fiscal year starts, 1–12; default 1 (fiscal year = calendar year).',
    },
    {
      name: 'naming',
      type: 'text',
      optional: true,
      description:
        'Which year names a fiscal year that does not start in January: "start" (default; Apr 2024–Mar 2025 is FY2024) or "end" (FY2025).',
    },
  ],
  result: { description: 'The same shape as dates: one key per date, empty cells stay empty.' },
  example: '=SPM.PERIODKEY(A2:A500, "quarter", 4)',
  run(args) {
    const kind = periodKindOf(args.cell('by'), 'by', 'quarter');
    const naming = args.cell('naming');
    const text = isEmptyCell(naming) ? 'start' : String(naming).trim().toLowerCase();
    if (text !== 'start' && text !== 'end') {
      problem('#VALUE!', `naming: expected "start" or "end", got ${describeCell(naming)}`);
    }
    const calendar = calendarOf(args, {
      fiscalStartMonth: args.cell('fiscalStartMonth'),
      naming: text,
      workingDays: false,
    });
    const dates = args.range('dates');
    return mapCells(
      'dates',
      dates,
      (cell, where) => periodContaining(kind, cellDate(cell, where, args.context), calendar).key,
      toSheetError,
    );
  },
});

/** SPM.WORKINGDAYS: working days from start to end, both included, with holidays and make-up days. */
export const WORKINGDAYS = defineSheetFunction({
  name: 'WORKINGDAYS',
  description:
    'Working days from start to end, both included (like NETWORKDAYS), with holidays and make-up working days; negative when end is before start.',
  parameters: [
    { name: 'start', type: 'range', description: 'First days: one date, or a column of dates.' },
    {
      name: 'end',
      type: 'range',
      description: 'Last days (included): one date, or a column the same size as start.',
    },
    ...CALENDAR_PARAMETERS,
  ],
  result: { description: 'One count per start/end pair, in the shape of the larger of the two.' },
  example: '=SPM.WORKINGDAYS(B2:B50, C2:C50, Holidays!A2:A20, Holidays!B2:B5)',
  run(args) {
    const calendar = calendarOf(args);
    return mapPairs(
      'start',
      args.range('start'),
      'end',
      args.range('end'),
      (s, sWhere, e, eWhere) => {
        const from = cellDate(s, sWhere, args.context);
        const to = cellDate(e, eWhere, args.context);
        if (daysBetween(from, to) >= 0)
          return workingDays(customPeriod(from, addDays(to, 1), calendar), calendar);
        return -workingDays(customPeriod(to, addDays(from, 1), calendar), calendar);
      },
      toSheetError,
    );
  },
});

/** SPM.ADDWORKINGDAYS: the date a number of working days after (or before) a date: due dates. */
export const ADDWORKINGDAYS = defineSheetFunction({
  name: 'ADDWORKINGDAYS',
  description:
    'The day a number of working days after a date (before it when negative), skipping weekends and holidays and counting make-up days: due dates such as "follow up within 3 working days".',
  parameters: [
    { name: 'start', type: 'range', description: 'The days to count from: one date, or a column of dates.' },
    {
      name: 'days',
      type: 'range',
      description:
        'Working days to add, whole numbers (negative to go back): one, or a column the same size as start.',
    },
    ...CALENDAR_PARAMETERS,
  ],
  result: {
    description: 'One date per start/days pair, as YYYY-MM-DD text, in the shape of the larger of the two.',
  },
  example: '=SPM.ADDWORKINGDAYS(B2:B50, 3, Holidays!A2:A20)',
  run(args) {
    const calendar = calendarOf(args);
    return mapPairs(
      'start',
      args.range('start'),
      'days',
      args.range('days'),
      (s, sWhere, d, dWhere) =>
        addWorkingDays(
          cellDate(s, sWhere, args.context),
          cellWholeNumber(d, dWhere, -100000, 100000),
          calendar,
        ),
      toSheetError,
    );
  },
});
