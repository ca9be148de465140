import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barChart, escapeXml, funnelChart, OpenSpmError } from '../../src/index';

describe('funnelChart', () => {
  it('draws one group per stage, widths proportional to the values, the highlight marked', () => {
    const svg = funnelChart(
      [
        { label: 'Qualify', value: 100 },
        { label: 'Proposal <B>', value: 50, note: '50% · 8 d', highlight: true },
        { label: 'Won', value: 0 },
      ],
      { width: 600 },
    );
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/class="funnel-stage"/g)).toHaveLength(3);
    expect(svg).toContain('Proposal &lt;B&gt;');
    expect(svg).toContain('data-highlight="true"');
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[0]).toBeCloseTo(widths[1]! * 2, 0);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('rejects a negative or non-finite value with INVALID_INPUT', () => {
    expect(() => funnelChart([{ label: 'x', value: -1 }])).toThrow(OpenSpmError);
    expect(() => funnelChart([{ label: 'x', value: Number.NaN }])).toThrow(OpenSpmError);
  });

  it('never prints NaN or Infinity, whatever the values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ label: fc.string(), value: fc.nat() }), { maxLength: 12 }), (rows) => {
        const svg = funnelChart(rows);
        expect(svg).not.toMatch(/NaN|Infinity/);
        expect(svg.match(/class="funnel-stage"/g) ?? []).toHaveLength(rows.length);
      }),
    );
  });
});

describe('barChart', () => {
  it('draws bars with target markers, negatives left of zero', () => {
    const svg = barChart([
      { label: 'Ana', value: 80, target: 100 },
      { label: 'Bo', value: -20 },
    ]);
    expect(svg.match(/class="bar"/g)).toHaveLength(2);
    expect(svg.match(/class="target"/g)).toHaveLength(1);
    expect(svg).toContain('data-target="100"');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('handles all-zero values (no division by zero)', () => {
    expect(barChart([{ label: 'a', value: 0 }])).not.toMatch(/NaN|Infinity/);
    expect(barChart([])).toContain('</svg>');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML characters', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
