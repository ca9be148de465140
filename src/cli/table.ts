/** Display width of a string in a terminal: CJK and full-width characters take two columns. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;
const NUMERIC = /^[-+]?[\d,.]+(%| [A-Z]{3}| d|天)?( \(\d+\/\d+\))?$|^n\/a$|^$/;

/** An aligned text table: text columns left, number-like columns right, a rule under the header. */
export function formatTable(title: string, header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((r) => displayWidth(r[i] ?? ''))),
  );
  const numeric = header.map(
    (_, i) => cells.some((r) => r[i]) && cells.every((r) => NUMERIC.test(r[i] ?? '')),
  );
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? padStart(c, widths[i] as number) : padEnd(c, widths[i] as number)))
      .join('  ')
      .trimEnd();
  return [title, line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)].join('\n');
}
