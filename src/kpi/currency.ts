import { ConversionLog, RateCacheImpl } from '../currency/cache';
import type { ConversionPolicy, ConversionsUsed, ExchangeRateInput, RateTable } from '../currency/index';
import { ErrorCode, OpenSpmError } from '../errors';
import type { Dataset } from '../model/index';
import type { Money } from '../money/index';
import { toCalendarDate } from '../period/index';

/** The conversion options of `scoreKpis`, checked. @internal */
export interface KpiConversion {
  reportingCurrency?: string | undefined;
  rates?: RateTable | readonly ExchangeRateInput[] | undefined;
  conversion?: 'close-date' | ConversionPolicy | undefined;
}

/**
 * The dataset with every deal and payment amount in the reporting currency (each rounded half-even to its minor
 * unit, at the rate on the deal's close date — `asOf` while open — or the payment's date, or the given policy).
 * Without a reporting currency, a dataset whose amounts are in several currencies is a `CURRENCY_MISMATCH`:
 * amounts are never added across currencies. With one, `conversions` lists every amount converted, with its
 * rate (looked up once per pair and day).
 * @internal
 */
export function inReportingCurrency(
  dataset: Dataset,
  options: KpiConversion,
  asOf: string,
  zone: string,
): { dataset: Dataset; conversions: ConversionsUsed | null } {
  const target = options.reportingCurrency;
  if (target === undefined) {
    const first = dataset.deals[0]?.amount.currency ?? dataset.payments[0]?.amount.currency;
    const other =
      dataset.deals.find((d) => d.amount.currency !== first) ??
      dataset.payments.find((p) => p.amount.currency !== first);
    if (other) {
      throw new OpenSpmError(
        ErrorCode.CURRENCY_MISMATCH,
        `dataset: amounts are in ${first} and ${other.amount.currency}; pass options.reportingCurrency and options.rates to convert them`,
        { path: ['dataset'] },
      );
    }
    return { dataset, conversions: null };
  }
  const cache = new RateCacheImpl(target, { rates: options.rates ?? [], rounding: 'half-even' });
  const log = new ConversionLog(target, true);
  const policy = options.conversion ?? 'close-date';
  const to = (
    money: Money,
    at: Date | undefined,
    path: (string | number)[],
    source: 'deal' | 'payment',
    id: string,
  ): Money => {
    if (money.currency === target) return money;
    const p: ConversionPolicy =
      policy === 'close-date' ? { kind: 'on-date', date: at ? toCalendarDate(at, zone) : asOf } : policy;
    try {
      return log.convert(cache, money, p, source, id, ['dataset', ...path]);
    } catch (error) {
      if (error instanceof OpenSpmError) {
        throw new OpenSpmError(error.code, `dataset.${path.join('.')}: ${error.message}`, {
          path: ['dataset', ...path],
          cause: error,
        });
      }
      throw error;
    }
  };
  const converted: Dataset = {
    ...dataset,
    currency: target,
    deals: dataset.deals.map((d, i) => ({
      ...d,
      amount: to(d.amount, d.closedAt, ['deals', i, 'amount'], 'deal', d.id),
    })),
    payments: dataset.payments.map((p, i) => ({
      ...p,
      amount: to(p.amount, p.at, ['payments', i, 'amount'], 'payment', p.id),
    })),
  };
  return { dataset: converted, conversions: log.used() };
}
