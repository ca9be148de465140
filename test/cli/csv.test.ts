import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser, isBadRecord, parseCsv } from '../../src/cli/csv';

describe('parseCsv (RFC 4180)', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF, and a BOM', () => {
    const { records, problems } = parseCsv('\ufeffid,name\r\n1,"Smith, ""Jo"""\r\n2,"two\nlines"\n3,plain\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', 'Smith, "Jo"'] },
      { line: 3, fields: ['2', 'two\nlines'] },
      { line: 5, fields: ['3', 'plain'] },
    ]);
  });

  it('skips blank lines, keeps empty fields, reads a last line without a line break', () => {
    const { records } = parseCsv('a,b\n\n,\n"",x');
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 3, fields: ['', ''] },
      { line: 4, fields: ['', 'x'] },
    ]);
  });

  it('reports an unterminated quote and text after a closing quote with their lines', () => {
    const { records, problems } = parseCsv('a,b\n"x"y,1\n2,"open\n');
    expect(problems).toEqual([
      { line: 2, reason: expect.stringContaining('after a closing quote') },
      { line: 3, reason: expect.stringContaining('not closed') },
    ]);
    expect(records.filter(isBadRecord).map((r) => r.line)).toEqual([2, 3]);
  });

  it('gives the same records whatever the chunking (property)', () => {
    const field = fc.oneof(fc.string(), fc.constantFrom('a,b', 'say "hi"', 'x\r\ny', ''));
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 7 }),
        (rows, size) => {
          const quote = (f: string) => `"${f.replace(/"/g, '""')}"`;
          const text = rows.map((r) => r.map(quote).join(',')).join('\r\n');
          const p = new CsvParser();
          const out = [];
          for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
          out.push(...p.end());
          expect(out.map((r) => r.fields)).toEqual(rows);
          expect(p.problems).toEqual([]);
        },
      ),
    );
  });
});
