// Private helpers shared by the sheet functions: calendars from cells, decimals and totals.
import { type CalendarDate, type FiscalCalendar, fiscalCalendar } from '../../period/index';
import { describeCell, isEmptyCell, type SheetCell, toRange } from '../cells';
import { cellDate } from '../dates';
import { problem } from '../errors';
import { cellWholeNumber } from '../numbers';
import type { SheetArgs, SheetParameter } from '../registry';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The calendar parameters every date function shares, in this order. */
export const CALENDAR_PARAMETERS: readonly SheetParameter[] = [
  {
    name: 'holidays',
    type: 'range',
    optional: true,
    description: 'Public holidays (dates) that are not worked; empty cells are skipped. Default: none.',
  },
  {
    name: 'makeupDays',
    type: 'range',
    optional: true,
    description: 'Weekend days that are worked (make-up working days, 调休), as dates. Default: none.',
  },
  {
    name: 'weekend',
    type: 'text',
    optional: true,
    description:
      'Weekdays off, as ISO numbers 1 = Monday … 7 = Sunday or names: "6,7" (default), "67", "Fri,Sat", "none".',
  },
];

/** The dates in a range, skipping empty cells; a bad cell names its row. */
export function datesOf(args: SheetArgs, name: string): CalendarDate[] {
  const out: CalendarDate[] = [];
  toRange(args.range(name)).forEach((row, r) => {
    row.forEach((cell, c) => {
      if (isEmptyCell(cell)) return;
      const where = row.length > 1 ? `${name} row ${r + 1} column ${c + 1}` : `${name} row ${r + 1}`;
      out.push(cellDate(cell, where, args.context));
    });
  });
  return out;
}

/** ISO weekdays from "6,7", "67", 67, "Sat,Sun" or "none". */
export function weekendOf(value: SheetCell): number[] | undefined {
  if (isEmptyCell(value)) return undefined;
  const text = String(value).trim().toLowerCase();
  if (text === 'none') return [];
  let tokens = text.split(/[\s,;/]+/).filter(Boolean);
  if (tokens.length === 1 && /^[1-7]{2,7}$/.test(tokens[0]!)) tokens = [...tokens[0]!];
  return tokens.map((t) => {
    if (/^[1-7]$/.test(t)) return Number(t);
    const i = WEEKDAYS.indexOf(t.slice(0, 3));
    if (i >= 0 && /^[a-z]+$/.test(t)) return i + 1;
    return problem(
      '#VALUE!',
      `weekend: expected weekdays such as "6,7" (Saturday, Sunday) or "Fri,Sat", got ${describeCell(value)}`,
    );
  });
}

/** What {@link calendarOf} reads besides the shared calendar parameters. */
export interface CalendarOfOptions {
  /** The fiscalStartMonth cell, if the function has one. */
  fiscalStartMonth?: SheetCell;
  /** Fiscal year naming. */
  naming?: 'start' | 'end';
  /** Read the holidays, makeupDays and weekend parameters (the function declares them); default true. */
  workingDays?: boolean;
}

/** A fiscal calendar from the shared calendar parameters and an optional fiscal start month. */
export function calendarOf(args: SheetArgs, opts: CalendarOfOptions = {}): FiscalCalendar {
  const withDays = opts.workingDays !== false;
  const weekend = withDays ? weekendOf(args.cell('weekend')) : undefined;
  const holidays = withDays ? datesOf(args, 'holidays') : [];
  const makeup = withDays ? datesOf(args, 'makeupDays') : [];
  const holidaySet = new Set(holidays);
  const options = {
    fiscalYearStartMonth: cellWholeNumber(opts.fiscalStartMonth, 'fiscalStartMonth', 1, 12, 1),
    fiscalYearNaming: opts.naming ?? 'start',
    ...(weekend ? { weekend } : {}),
    holidays,
    // A date listed in both is a holiday: a spreadsheet list of make-up days often spans years.
    workdays: [...new Set(makeup)].filter((d) => !holidaySet.has(d)),
    zone: args.context.timeZone,
  };
  try {
    return fiscalCalendar(options);
  } catch (error) {
    // The calendar reports `workdays[i]`/`holidays[i]`: name the sheet argument and its position instead.
    const text = (error as Error).message.replace(/^Invalid calendar: [^\n]*\n\s*- /, '');
    return problem(
      '#VALUE!',
      text.replace(/^workdays\[(\d+)\]/, (_, i) => `makeupDays item ${Number(i) + 1}`).split('\n')[0]!,
    );
  }
}

/** The `decimals` parameter: 0 to 10, default 2. */
export function decimalsOf(args: SheetArgs): number {
  return cellWholeNumber(args.cell('decimals'), 'decimals', 0, 10, 2);
}
