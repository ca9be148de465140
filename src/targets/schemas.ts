// The shapes of the targets module's inputs and options, checked with zod at the boundary. Values are
// then read (money, periods, dates, weights) with their own checks and messages; unknown option fields
// are rejected so a misspelt option is reported instead of ignored.
import { z } from 'zod';
import { ErrorCode, type IssuePath, parseOrThrow } from '../errors';
import { Money } from '../money/index';
import { DecimalInputSchema } from './shared';

const MoneyLike = z.custom<unknown>(
  (v) => v instanceof Money || (typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v),
  { message: 'expected money such as { amount: "1000.00", currency: "CNY" }' },
);
const PeriodLike = z.union(
  [z.string(), z.looseObject({ kind: z.string(), key: z.string(), start: z.string(), end: z.string() })],
  { error: 'expected a period key such as "FY2025" or "2025-03", or a Period object' },
);
const DateLike = z.union([z.string(), z.date()], {
  error: 'expected a date as YYYY-MM-DD text (or a Date)',
});
const Dec = DecimalInputSchema;
const Level = z.enum(['half', 'quarter', 'month', 'week', 'day']);
const Within = z.enum(['even', 'workingDays', 'calendarDays']);
const PeriodValues = z.union([z.array(Dec), z.record(z.string(), Dec)], {
  error: 'expected a list in period order, or an object keyed by period key',
});
const Calendar = z.custom<unknown>((v) => typeof v === 'object' && v !== null, {
  message: 'expected a FiscalCalendar or calendar options',
});
const Ramp = z.strictObject({ table: z.array(Dec), midMonthDay: z.number().optional() });
const Id = z.string().min(1, 'must not be empty');

const Currency = {
  reportingCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected a currency code such as "CNY"')
    .optional(),
  rates: z.custom((v) => typeof v === 'object' && v !== null, 'expected exchange rates').optional(),
  conversion: z
    .union([
      z.enum(['on-date', 'period-average']),
      z.custom((v) => typeof v === 'object' && v !== null, 'expected a conversion policy'),
    ])
    .optional(),
};

const DecomposeInput = z.looseObject({ total: MoneyLike, period: PeriodLike });
const DecomposeOptions = z.strictObject({
  levels: z.array(Level).optional(),
  method: z
    .enum(['even', 'workingDays', 'calendarDays', 'distribution', 'seasonality', 'history'])
    .optional(),
  distribution: z
    .strictObject({
      level: Level,
      percents: PeriodValues,
      tolerance: Dec.optional(),
      allowMissing: z.boolean().optional(),
    })
    .optional(),
  seasonality: z.strictObject({ level: Level, indexes: PeriodValues }).optional(),
  history: z
    .strictObject({
      level: Level,
      years: z.array(
        z.strictObject({
          period: PeriodLike,
          weight: Dec.optional(),
          actuals: z.array(z.looseObject({ date: z.string(), amount: MoneyLike })),
        }),
      ),
      fallback: Within.optional(),
    })
    .optional(),
  within: Within.optional(),
  calendar: Calendar.optional(),
  allowNegative: z.boolean().optional(),
  rounding: z.enum(['finest', 'nested']).optional(),
  ...Currency,
});

interface MemberShape {
  members?: MemberShape[];
}
const Member: z.ZodType<MemberShape> = z.looseObject({
  id: Id,
  name: z.string().optional(),
  weight: Dec.optional(),
  capacity: Dec.optional(),
  history: MoneyLike.optional(),
  hireDate: DateLike.optional(),
  endDate: DateLike.optional(),
  rampMonth: z.number().int().min(1).optional(),
  locked: MoneyLike.optional(),
  min: MoneyLike.optional(),
  max: MoneyLike.optional(),
  get members() {
    return z.array(Member).min(1, 'a sub-team needs at least one member').optional();
  },
});
const SplitInput = z.looseObject({
  total: MoneyLike,
  members: z.array(Member).min(1, 'expected at least one member'),
});
const SplitOptions = z.strictObject({
  method: z.enum(['equal', 'history', 'capacity', 'weights']).optional(),
  period: PeriodLike.optional(),
  ramp: Ramp.optional(),
  calendar: Calendar.optional(),
  ...Currency,
});

const MatrixInput = z.looseObject({
  periods: z
    .array(z.looseObject({ period: PeriodLike, amount: MoneyLike }))
    .min(1, 'expected at least one period'),
  reps: z
    .array(
      z.looseObject({
        id: Id,
        name: z.string().optional(),
        weight: Dec.optional(),
        hireDate: DateLike.optional(),
        endDate: DateLike.optional(),
        rampMonth: z.number().int().min(1).optional(),
        total: MoneyLike.optional(),
      }),
    )
    .min(1, 'expected at least one rep'),
});
const MatrixOptions = z.strictObject({ ramp: Ramp.optional(), calendar: Calendar.optional(), ...Currency });

const ReplanInput = z.looseObject({
  periods: z
    .array(z.looseObject({ period: PeriodLike, target: MoneyLike, actual: MoneyLike.optional() }))
    .min(1, 'expected at least one period'),
});
const ReplanOptions = z.strictObject({
  asOf: z.string({ error: 'asOf is required: the first day not yet counted, as YYYY-MM-DD' }),
  cap: Dec.optional(),
  days: z.enum(['working', 'calendar']).optional(),
  calendar: Calendar.optional(),
  ...Currency,
});

const VarianceInput = z.looseObject({
  targets: z.array(z.looseObject({ repId: Id, period: PeriodLike, amount: MoneyLike })),
  achievements: z.array(
    z.looseObject({
      id: z.string().optional(),
      date: z.string(),
      amount: MoneyLike,
      repId: Id.optional(),
      splits: z.array(z.looseObject({ repId: Id, percent: Dec })).optional(),
    }),
  ),
});
const VarianceOptions = z.strictObject({
  attainmentDecimals: z.number().int().min(0).max(20).optional(),
  calendar: Calendar.optional(),
  reportingCurrency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'expected a currency code such as "CNY"')
    .optional(),
  rates: z.custom((v) => typeof v === 'object' && v !== null, 'expected exchange rates').optional(),
  conversion: z
    .union([z.literal('on-date'), z.custom((v) => typeof v === 'object' && v !== null)])
    .optional(),
});

const ReconcileInput = z.looseObject({
  teams: z
    .array(z.looseObject({ id: Id, name: z.string().optional(), parentId: Id.optional(), target: MoneyLike }))
    .min(1, 'expected at least one team'),
  commitments: z.array(z.looseObject({ repId: Id, teamId: Id, amount: MoneyLike })),
});
const ReconcileOptions = z.strictObject({
  coverageDecimals: z.number().int().min(0).max(20).optional(),
  period: PeriodLike.optional(),
  calendar: Calendar.optional(),
  ...Currency,
});

const SCHEMAS = {
  decomposeTarget: [DecomposeInput, DecomposeOptions],
  splitTarget: [SplitInput, SplitOptions],
  targetMatrix: [MatrixInput, MatrixOptions],
  replanTarget: [ReplanInput, ReplanOptions],
  targetVariance: [VarianceInput, VarianceOptions],
  reconcileTargets: [ReconcileInput, ReconcileOptions],
} as const;

/** Checks the shape of an entry point's input and options; throws INVALID_INPUT with every issue. */
export function checkShape(fn: keyof typeof SCHEMAS, input: unknown, options: unknown): void {
  const [inputSchema, optionsSchema] = SCHEMAS[fn];
  parseOrThrow(inputSchema, input, `${fn} input`, [], ErrorCode.INVALID_INPUT);
  parseOrThrow(optionsSchema, options ?? {}, `${fn} options`, [] as IssuePath, ErrorCode.INVALID_INPUT);
}
