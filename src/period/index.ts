/**
 * Fiscal calendars, periods and working days. Dates are `'YYYY-MM-DD'` strings ({@link CalendarDate});
 * all math is integer day-number math, so results never depend on the host's clock or time zone.
 *
 * @module period
 */
export {
  addDays,
  type CalendarDate,
  CalendarDateSchema,
  compareCalendarDates,
  dayNumber,
  daysBetween,
  fromDayNumber,
  type IsoWeek,
  isCalendarDate,
  isoWeek,
  weekday,
} from './calendar-date';
export {
  type FiscalCalendar,
  type FiscalCalendarOptions,
  FiscalCalendarSchema,
  fiscalCalendar,
} from './fiscal-calendar';
export {
  type CalendarPeriodKind,
  customPeriod,
  fiscalYear,
  nextPeriod,
  type Period,
  type PeriodKind,
  PeriodSchema,
  periodContaining,
  periodContains,
  periodDays,
  previousPeriod,
} from './period';
export { parsePeriodKey } from './period-key';
export { eachPeriod, subPeriods } from './sub-periods';
export { parseCalendarDate, toCalendarDate } from './time-zone';
export { addWorkingDays, isWorkingDay, workingDays, workingDaysList } from './working-days';
