import type { IncentiveStatement } from './statement';

/**
 * Prints a statement as plain text a rep can read and check: header with the plan version, attainment per
 * component, every line with its explanation, and the totals. A line from a deal or payment in another currency
 * shows the payee's original credit and the rate (`[original 740.74 USD, USD→CNY 7.1034]`); a converted quota
 * shows the quota as given and the rate.
 *
 * @example
 * ```ts
 * import { calculateIncentives, formatStatement } from 'openspm';
 * const { statements } = calculateIncentives({
 *   plans: [{ id: 'p', version: 2, currency: 'CNY', effective: { from: '2024-01-01' },
 *     components: [{ id: 'c', type: 'commission', rates: { type: 'flat', rate: '0.1' } }] }],
 *   assignments: [{ payeeId: 'li', planId: 'p', from: '2024-01-01' }],
 *   deals: [{ id: 'D-1', amount: { amount: '1000', currency: 'CNY' }, date: '2024-01-05', payeeId: 'li' }],
 * }, { from: '2024-01-01', to: '2024-02-01' });
 * formatStatement(statements[0]!).split('\n')[0]; //=> 'Statement li · 2024-01 (2024-01-01..2024-02-01) · plan p v2 · CNY'
 * ```
 */
export function formatStatement(statement: IncentiveStatement): string {
  const s = statement;
  const out: string[] = [];
  const who = s.payeeName ? `${s.payeeName} (${s.payeeId})` : s.payeeId;
  out.push(
    `Statement ${who} · ${s.period.key} (${s.period.start}..${s.period.end}) · plan ${s.plan.id} v${s.plan.version} · ${s.currency}`,
  );
  out.push(
    `rounding ${s.rounding.mode} per ${s.rounding.stage} to ${s.rounding.minorUnits} decimals · on plan ${s.proration === '1' ? 'the whole period' : `for ${(Number(s.proration) * 100).toFixed(2)}% of the period`}`,
  );
  for (const a of s.attainment) {
    const att = a.attainment === null ? `n/a (${a.reason})` : `${(Number(a.attainment) * 100).toFixed(2)}%`;
    const cap = a.cap ? ` · cap ${a.cap.amount} per ${a.cap.per}, used ${a.cap.used}` : '';
    const qc = a.quotaConversion;
    const quota = qc
      ? `${a.quota} (${qc.original} at ${qc.original.currency}→${s.currency} ${qc.rate})`
      : (a.quota ?? '—');
    out.push(`  ${a.componentId} · ${a.period}: measure ${a.measure} / quota ${quota} = ${att}${cap}`);
  }
  out.push('lines:');
  if (s.lines.length === 0) out.push('  (none)');
  for (const l of s.lines) {
    const held = l.held.isZero()
      ? ''
      : ` (held ${l.held.amount.toFixed(Math.max(2, l.held.amount.decimalPlaces()))})`;
    const original =
      l.original && l.conversion
        ? ` [original ${l.original}, ${l.original.currency}→${s.currency} ${l.conversion.rate}]`
        : '';
    out.push(
      `  ${l.kind.padEnd(13)} ${l.amount.toString().padStart(16)}${held}${original}  ${l.explanation}`,
    );
  }
  const t = s.totals;
  out.push(
    `totals: earned ${t.earned} · held ${t.held} · released ${t.released} · clawed back ${t.clawedBack} · true-up ${t.trueUp} · draw ${t.draw} · draw recovered ${t.drawRecovered} (balance ${t.drawBalance})`,
  );
  out.push(`payable: ${t.payable}${t.rounding === '0' ? '' : ` (rounding ${t.rounding})`}`);
  return out.join('\n');
}
