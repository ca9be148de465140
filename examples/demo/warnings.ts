import { type Dataset, detectAnomalies, type FiscalCalendar, type WarningSeverity } from 'openspm';
import { printTable } from './table';

/** The sample CRM's warnings at the snapshot, grouped by severity, with a count per code and the first few of each. */
export function printWarnings(data: Dataset, calendar: FiscalCalendar): void {
  const reps = data.reps.filter((r) => r.role === 'rep' && !r.endDate);
  const result = detectAnomalies(data, {
    asOf: '2024-12-31T23:59:59+08:00',
    calendar,
    targets: [
      { subject: 'company', period: 'FY2024-Q4', amount: { amount: '9000000', currency: 'CNY' } },
      ...reps.map((r) => ({
        subject: 'rep' as const,
        id: r.id,
        period: 'FY2024-Q4',
        amount: { amount: '400000', currency: 'CNY' },
      })),
    ],
  });
  console.log(
    `\nWarnings as of ${result.asOf} (${result.period.key}): ${result.counts.critical} critical, ` +
      `${result.counts.warning} warning, ${result.counts.info} info; ${result.diagnostics.length} things not judged.`,
  );
  const severities: WarningSeverity[] = ['critical', 'warning', 'info'];
  for (const severity of severities) {
    const list = result.warnings.filter((w) => w.severity === severity);
    if (list.length === 0) continue;
    const byCode = new Map<string, typeof list>();
    for (const w of list) byCode.set(w.code, [...(byCode.get(w.code) ?? []), w]);
    const rows: string[][] = [];
    for (const [code, ws] of byCode) {
      ws.slice(0, 2).forEach((w, k) => {
        rows.push([k === 0 ? `${code} (${ws.length})` : '', w.message.en, w.message['zh-CN']]);
      });
    }
    printTable(
      `${severity.toUpperCase()} — ${list.length} warnings (first two of each code)`,
      ['code', 'message', '中文'],
      rows,
    );
  }
}
