// The conversions of a funnel's deal values as plain (JSON-safe, mergeable) data, and back to the
// `ConversionsUsed` of the report.
import {
  type ConversionLog,
  type ConversionsUsed,
  type ConvertedAmount,
  conversionsUsed,
  type RateTally,
} from '../currency/cache';
import type { RateUsed } from '../currency/index';
import { Decimal, Money } from '../money/index';
import type {
  FunnelConversions,
  FunnelConvertedAmount,
  FunnelRateUsage,
  FunnelRateUsed,
} from './aggregate-types';

function plainRate(r: RateUsed): FunnelRateUsed {
  return {
    from: r.from,
    to: r.to,
    rate: r.rate.toString(),
    policy: r.policy,
    date: r.date,
    periodKey: r.periodKey,
    rates: r.rates.map((x) => ({
      from: x.from,
      to: x.to,
      rate: x.rate.toString(),
      effectiveDate: x.effectiveDate,
      ...(x.source === undefined ? {} : { source: x.source }),
    })),
    inverse: r.inverse,
    rateDecimals: r.rateDecimals,
    text: r.text,
  };
}

function richRate(r: FunnelRateUsed): RateUsed {
  return {
    from: r.from,
    to: r.to,
    rate: new Decimal(r.rate),
    policy: r.policy,
    date: r.date,
    periodKey: r.periodKey,
    rates: r.rates.map((x) => ({
      from: x.from,
      to: x.to,
      rate: new Decimal(x.rate),
      effectiveDate: x.effectiveDate,
      ...(x.source === undefined ? {} : { source: x.source }),
    })),
    inverse: r.inverse,
    rateDecimals: r.rateDecimals,
    text: r.text,
  };
}

/**
 * The engine's conversions as plain data: the log's tallies per rate, and the per-deal rows when kept.
 * @internal
 */
export function plainConversions(
  log: ConversionLog,
  amounts: readonly FunnelConvertedAmount[] | null,
): FunnelConversions {
  const rates: FunnelRateUsage[] = [...log.tallies.entries()]
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([key, t]) => ({
      key,
      rate: plainRate(t.rate),
      count: t.count,
      original: t.original.toString(),
      amount: t.amount.toString(),
    }));
  return { currency: log.currency, rates, amounts: amounts === null ? null : [...amounts] };
}

/**
 * Merges the conversions of shards (see {@link FunnelConversions}); `conflict(message, index)` throws.
 * @internal
 */
export function mergeConversions(
  list: readonly (FunnelConversions | undefined)[],
  conflict: (message: string, index: number) => never,
): FunnelConversions | undefined {
  if (list.length === 0 || list.some((c) => c === undefined || c === null)) return undefined;
  const all = list as readonly FunnelConversions[];
  const rates = new Map<
    string,
    { rate: FunnelRateUsed; count: number; original: Decimal; amount: Decimal }
  >();
  all.forEach((c, i) => {
    if (c.currency !== all[0]!.currency)
      conflict(`its deal values were converted to ${c.currency}, not ${all[0]!.currency}`, i);
    for (const u of c.rates) {
      const seen = rates.get(u.key);
      if (seen === undefined) {
        rates.set(u.key, {
          rate: u.rate,
          count: u.count,
          original: new Decimal(u.original),
          amount: new Decimal(u.amount),
        });
      } else if (seen.rate.rate !== u.rate.rate) {
        conflict(
          `it converted ${u.key} at ${u.rate.text}, another aggregate at ${seen.rate.text}; compute every shard with the same rates`,
          i,
        );
      } else {
        seen.count += u.count;
        seen.original = seen.original.plus(u.original);
        seen.amount = seen.amount.plus(u.amount);
      }
    }
  });
  let amounts: FunnelConvertedAmount[] | null = null;
  if (all.every((c) => c.amounts !== null)) {
    // keyed by deal: the same deals over disjoint periods are listed once, and the rates recounted from them
    const byDeal = new Map<string, FunnelConvertedAmount>();
    all.forEach((c, i) => {
      for (const a of c.amounts!) {
        const id = `${a.source}\u0000${a.id}`;
        const seen = byDeal.get(id);
        if (seen === undefined) byDeal.set(id, a);
        else if (seen.key !== a.key || seen.amount !== a.amount || seen.original !== a.original) {
          conflict(
            `deal "${a.id}" was converted differently in two aggregates (${seen.original} at ${seen.key} → ${seen.amount}, and ${a.original} at ${a.key} → ${a.amount})`,
            i,
          );
        }
      }
    });
    amounts = [...byDeal.values()];
    for (const r of rates.values()) {
      r.count = 0;
      r.original = new Decimal(0);
      r.amount = new Decimal(0);
    }
    for (const a of amounts) {
      const r = rates.get(a.key)!;
      r.count++;
      r.original = r.original.plus(a.original);
      r.amount = r.amount.plus(a.amount);
    }
  }
  return {
    currency: all[0]!.currency,
    rates: [...rates.entries()]
      .filter(([, r]) => r.count > 0)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([key, r]) => ({
        key,
        rate: r.rate,
        count: r.count,
        original: r.original.toString(),
        amount: r.amount.toString(),
      })),
    amounts,
  };
}

/** The report form: Money and `RateUsed` again, each amount with `convert`'s sentence. @internal */
export function explainConversions(c: FunnelConversions, minorUnits: number): ConversionsUsed {
  const rich = new Map<string, RateUsed>();
  const tallies: [string, RateTally][] = c.rates.map((u) => {
    const rate = richRate(u.rate);
    rich.set(u.key, rate);
    return [
      u.key,
      { rate, count: u.count, original: new Decimal(u.original), amount: new Decimal(u.amount) },
    ];
  });
  const amounts =
    c.amounts === null
      ? null
      : c.amounts.map((a): ConvertedAmount => {
          const rate = rich.get(a.key)!;
          const original = Money.of(a.original, rate.from);
          const amount = Money.of(a.amount, rate.to).round('half-even', minorUnits);
          const exact = original.amount.times(rate.rate);
          return {
            source: a.source,
            id: a.id,
            path: a.path,
            original,
            amount,
            rate,
            text: `${original} × ${rate.rate} = ${exact.toFixed()} ${rate.to}, rounded half-even to ${minorUnits} decimals: ${amount} (${rate.text})`,
          };
        });
  return conversionsUsed(c.currency, tallies, amounts);
}
