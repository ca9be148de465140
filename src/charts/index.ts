/**
 * Small, pure SVG chart functions: a funnel and horizontal bars with targets. Each returns one SVG
 * string (no DOM, no network, no fonts loaded), so a CRM can render the same charts as openspm's HTML
 * report in its own UI, on a server or in a browser. Text is escaped; colours follow `currentColor`
 * where not given.
 *
 * @module charts
 */
import { z } from 'zod';
import { parseOrThrow } from '../errors';

/**
 * Escapes text for SVG or HTML content and attribute values.
 *
 * @example
 * ```ts
 * import { escapeXml } from 'openspm';
 * escapeXml('R&D <East>'); //=> 'R&amp;D &lt;East&gt;'
 * ```
 */
export function escapeXml(text: string): string {
  return String(text).replace(
    /[&<>"']/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`,
  );
}

const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const Label = z.string();

const FunnelStageSchema = z.object({
  label: Label,
  value: finite.min(0, 'must be 0 or more'),
  note: z.string().optional(),
  highlight: z.boolean().optional(),
});
const FunnelOptionsSchema = z
  .object({
    width: z.int().min(120).max(4000).optional(),
    rowHeight: z.int().min(16).max(200).optional(),
    title: z.string().optional(),
    color: z.string().optional(),
    highlightColor: z.string().optional(),
  })
  .optional();

/**
 * One row of {@link funnelChart}: a stage, its count (or value), and an optional note such as the
 * conversion and time in stage.
 *
 * @example
 * ```ts
 * import type { FunnelChartStage } from 'openspm';
 * const row: FunnelChartStage = { label: 'Proposal', value: 48, note: '62% · 8 d', highlight: true };
 * ```
 */
export interface FunnelChartStage {
  /** Stage name. */
  label: string;
  /** Deals (or amount) at the stage, ≥ 0; the bar's width is proportional to it. */
  value: number;
  /** Text printed right of the bar (conversion, time in stage). */
  note?: string;
  /** Draws the stage in the highlight colour (the bottleneck) and marks it `data-highlight="true"`. */
  highlight?: boolean;
}

/**
 * Options of {@link funnelChart}.
 *
 * @example
 * ```ts
 * import type { FunnelChartOptions } from 'openspm';
 * const options: FunnelChartOptions = { width: 640, title: 'Q3 funnel' };
 * ```
 */
export interface FunnelChartOptions {
  /** Width in px (default 640). */
  width?: number;
  /** Height of a row in px (default 36). */
  rowHeight?: number;
  /** Accessible title (`<title>`), also the `aria-label`. */
  title?: string;
  /** Bar colour (default `#3b82f6`). */
  color?: string;
  /** Colour of highlighted stages (default `#dc2626`). */
  highlightColor?: string;
}

/**
 * A funnel as an SVG string: one centred bar per stage, its width proportional to the stage's value
 * (the widest stage fills the bar area), the label and value on the left, the note on the right. Every
 * stage is a `<g class="funnel-stage">` with `data-label` and `data-value`, so tests and CSS can find it.
 *
 * @param stages - the rows, top to bottom.
 * @param options - width, row height, title, colours.
 * @throws OpenSpmError `INVALID_INPUT` for a negative or non-finite value.
 * @example
 * ```ts
 * import { funnelChart } from 'openspm';
 * const svg = funnelChart(
 *   [
 *     { label: 'Qualify', value: 120 },
 *     { label: 'Proposal', value: 48, note: '40.0% · 8 d', highlight: true },
 *     { label: 'Won', value: 20 },
 *   ],
 *   { title: 'Q3 funnel' },
 * );
 * svg.startsWith('<svg'); //=> true
 * (svg.match(/class="funnel-stage"/g) ?? []).length; //=> 3
 * ```
 */
export function funnelChart(stages: readonly FunnelChartStage[], options: FunnelChartOptions = {}): string {
  const rows = parseOrThrow(z.array(FunnelStageSchema), stages, 'funnel stages', ['stages']);
  const o = parseOrThrow(FunnelOptionsSchema, options, 'funnel options', ['options']) ?? {};
  const width = o.width ?? 640;
  const rowH = o.rowHeight ?? 36;
  const color = o.color ?? '#3b82f6';
  const hot = o.highlightColor ?? '#dc2626';
  const left = Math.round(width * 0.28);
  const right = Math.round(width * 0.26);
  const area = width - left - right;
  const max = Math.max(0, ...rows.map((r) => r.value));
  const height = rows.length * rowH + 8;
  const title = o.title ?? 'Funnel';
  const parts = rows.map((r, i) => {
    const w = max === 0 ? 0 : Math.max(2, (r.value / max) * area);
    const x = left + (area - w) / 2;
    const y = 4 + i * rowH;
    const mid = y + rowH / 2;
    const fill = r.highlight ? hot : color;
    return (
      `<g class="funnel-stage" data-label="${escapeXml(r.label)}" data-value="${r.value}"${r.highlight ? ' data-highlight="true"' : ''}>` +
      `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" rx="3" fill="${escapeXml(fill)}"/>` +
      `<text x="${left - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle" font-size="13">${escapeXml(r.label)}</text>` +
      `<text x="${left + area / 2}" y="${mid}" text-anchor="middle" dominant-baseline="middle" font-size="12" fill="#fff" font-weight="600">${escapeXml(String(r.value))}</text>` +
      (r.note
        ? `<text x="${left + area + 8}" y="${mid}" dominant-baseline="middle" font-size="12"${r.highlight ? ` fill="${escapeXml(hot)}" font-weight="600"` : ''}>${escapeXml(r.note)}</text>`
        : '') +
      '</g>'
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="openspm-funnel" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" fill="currentColor">` +
    `<title>${escapeXml(title)}</title>${parts.join('')}</svg>`
  );
}

const BarSchema = z.object({
  label: Label,
  value: finite,
  target: finite.optional(),
  text: z.string().optional(),
  highlight: z.boolean().optional(),
});
const BarOptionsSchema = z
  .object({
    width: z.int().min(120).max(4000).optional(),
    rowHeight: z.int().min(12).max(200).optional(),
    title: z.string().optional(),
    color: z.string().optional(),
    highlightColor: z.string().optional(),
    targetColor: z.string().optional(),
  })
  .optional();

/**
 * One bar of {@link barChart}.
 *
 * @example
 * ```ts
 * import type { BarChartBar } from 'openspm';
 * const bar: BarChartBar = { label: 'Ana', value: 82_000, target: 100_000, text: '82,000 / 100,000 (82%)' };
 * ```
 */
export interface BarChartBar {
  /** Row label (a rep, a period). */
  label: string;
  /** The bar's value (actual); negative values draw left of zero. */
  value: number;
  /** Optional target, drawn as a marker line across the row. */
  target?: number;
  /** Text right of the bars (default: the value). */
  text?: string;
  /** Draws the bar in the highlight colour. */
  highlight?: boolean;
}

/**
 * Options of {@link barChart}.
 *
 * @example
 * ```ts
 * import type { BarChartOptions } from 'openspm';
 * const options: BarChartOptions = { width: 640, title: 'Won vs target' };
 * ```
 */
export interface BarChartOptions {
  /** Width in px (default 640). */
  width?: number;
  /** Height of a row in px (default 26). */
  rowHeight?: number;
  /** Accessible title (`<title>`), also the `aria-label`. */
  title?: string;
  /** Bar colour (default `#3b82f6`). */
  color?: string;
  /** Colour of highlighted bars (default `#f59e0b`). */
  highlightColor?: string;
  /** Colour of target markers (default `#111827`). */
  targetColor?: string;
}

/**
 * Horizontal bars as an SVG string, with an optional target marker per row (actual vs target). The
 * scale runs from 0 (or the most negative value) to the largest value or target. Every row is a
 * `<g class="bar">` with `data-label`, `data-value` and `data-target`.
 *
 * @param bars - the rows, top to bottom.
 * @param options - width, row height, title, colours.
 * @throws OpenSpmError `INVALID_INPUT` for a non-finite value or target.
 * @example
 * ```ts
 * import { barChart } from 'openspm';
 * const svg = barChart(
 *   [
 *     { label: 'Ana', value: 82, target: 100 },
 *     { label: 'Bo', value: 120, target: 100 },
 *   ],
 *   { title: 'Attainment' },
 * );
 * (svg.match(/class="bar"/g) ?? []).length; //=> 2
 * svg.includes('class="target"'); //=> true
 * ```
 */
export function barChart(bars: readonly BarChartBar[], options: BarChartOptions = {}): string {
  const rows = parseOrThrow(z.array(BarSchema), bars, 'bars', ['bars']);
  const o = parseOrThrow(BarOptionsSchema, options, 'bar options', ['options']) ?? {};
  const width = o.width ?? 640;
  const rowH = o.rowHeight ?? 26;
  const left = Math.round(width * 0.24);
  const right = Math.round(width * 0.3);
  const area = width - left - right;
  const hi = Math.max(0, ...rows.flatMap((r) => [r.value, r.target ?? 0]));
  const lo = Math.min(0, ...rows.flatMap((r) => [r.value, r.target ?? 0]));
  const span = hi - lo;
  const xOf = (v: number) => left + (span === 0 ? 0 : ((v - lo) / span) * area);
  const zero = xOf(0);
  const height = rows.length * rowH + 8;
  const title = o.title ?? 'Bars';
  const parts = rows.map((r, i) => {
    const y = 4 + i * rowH;
    const mid = y + rowH / 2;
    const x1 = Math.min(zero, xOf(r.value));
    const w = Math.abs(xOf(r.value) - zero);
    const fill = r.highlight ? (o.highlightColor ?? '#f59e0b') : (o.color ?? '#3b82f6');
    const target =
      r.target === undefined
        ? ''
        : `<line class="target" x1="${xOf(r.target).toFixed(1)}" x2="${xOf(r.target).toFixed(1)}" y1="${y + 1}" y2="${y + rowH - 1}" stroke="${escapeXml(o.targetColor ?? '#111827')}" stroke-width="2"/>`;
    return (
      `<g class="bar" data-label="${escapeXml(r.label)}" data-value="${r.value}"${r.target === undefined ? '' : ` data-target="${r.target}"`}>` +
      `<text x="${left - 8}" y="${mid}" text-anchor="end" dominant-baseline="middle" font-size="12">${escapeXml(r.label)}</text>` +
      `<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 8}" rx="2" fill="${escapeXml(fill)}"/>` +
      target +
      `<text x="${left + area + 8}" y="${mid}" dominant-baseline="middle" font-size="12">${escapeXml(r.text ?? String(r.value))}</text>` +
      '</g>'
    );
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="openspm-bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(title)}" font-family="system-ui, sans-serif" fill="currentColor">` +
    `<title>${escapeXml(title)}</title>${parts.join('')}</svg>`
  );
}
