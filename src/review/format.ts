import type { ReviewMetric } from './metrics';

function group(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A number with thousands separators and at most `decimals` decimals (trailing zeros kept for money). */
export function formatNumber(value: number, decimals: number, keepZeros = false): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  let f = frac ?? '';
  if (!keepZeros) f = f.replace(/0+$/, '');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return `${sign}${group(int!)}${f ? `.${f}` : ''}`;
}

/** A metric value as people read it: `41.5%`, `1,234,000.00`, `52`. */
export function formatValue(metric: Pick<ReviewMetric, 'unit'>, value: number | null): string {
  if (value === null) return 'n/a';
  switch (metric.unit) {
    case 'percent':
      return `${formatNumber(value, 1, true)}%`;
    case 'amount':
      return formatNumber(value, 2, true);
    case 'days':
      return formatNumber(value, 1);
    default:
      return formatNumber(value, 2);
  }
}

/** A share `0.4106` as `41.1%`. */
export function formatShare(rate: number): string {
  return `${formatNumber(rate * 100, 1, true)}%`;
}

/** A signed percent change `+12.0%` / `-3.4%`. */
export function formatChange(percent: number): string {
  return `${percent > 0 ? '+' : ''}${formatNumber(percent, 1, true)}%`;
}
