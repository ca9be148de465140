export { allocateMinor } from './allocate';
export { assertCurrency, currencyMinorUnits } from './currency';
export { Decimal, type DecimalInput, type ToDecimalOptions, toDecimal } from './decimal';
export { type AllocateOptions, Money, type MoneyJSON } from './money';
export { ROUNDING_MODES, type RoundingMode, roundDecimal } from './rounding';
export { type MoneyInput, MoneySchema, NonNegativeMoneySchema } from './schema';
