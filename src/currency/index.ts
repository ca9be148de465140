/**
 * Multi-currency: exchange-rate tables, conversion policies (rate on a date, period average, fixed plan
 * rate) and `convert`, exact and rounded once, with the rate used in every explanation. This file is the
 * whole public surface of the module.
 *
 * @module
 */

export {
  type ConversionsUsed,
  type ConvertedAmount,
  type RateCache,
  type RateCacheOptions,
  type RateUsage,
  rateCache,
} from './cache';
export { type ConvertOptions, type ConvertResult, convert } from './convert';
export {
  type ConversionPolicy,
  type ExchangeRate,
  type ExchangeRateInput,
  ExchangeRateSchema,
  type FindRateOptions,
  findRate,
  type RateTable,
  type RateUsed,
  rateTable,
} from './rate-table';
