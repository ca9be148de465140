/** Prints rows as an aligned text table: text columns left, number-like columns right. */
export function printTable(title: string, header: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const numeric = header.map(
    (_, i) =>
      cells.some((r) => r[i]) && cells.every((r) => !r[i] || /^[-+]?[\d,.%×]+( [A-Z]{3})?$/.test(r[i])),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of cells) console.log(line(r));
}

/** 1234567.5 → '1,234,567.50': thousands separators for display only; the value stays exact. */
export function grouped(amount: { amount: { toFixed(dp: number): string } }, decimals = 2): string {
  const [int, frac] = amount.amount.toFixed(decimals).split('.');
  const withCommas = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac ? `${withCommas}.${frac}` : withCommas;
}
