/**
 * A small RFC 4180 CSV reader: comma-separated fields, fields in double quotes may hold commas, line
 * breaks and doubled quotes (`""`); records end with CRLF or LF; a UTF-8 byte-order mark is dropped.
 * Streaming: chunks go in, complete records come out with the line each starts on.
 */

/** One record of a CSV file and the (1-based) line it starts on. */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** A syntax problem in a CSV file (an unterminated quote, text after a closing quote). */
export interface CsvProblem {
  line: number;
  reason: string;
}

/** An incremental parser: `push` chunks, then `end`; each returns the records completed so far. */
export class CsvParser {
  private field = '';
  private fields: string[] = [];
  private quoted = false; // inside a quoted field
  private afterQuote = false; // just closed a quoted field
  private pendingQuote = false; // saw a quote inside a quoted field; next char decides
  private pendingCr = false;
  private line = 1;
  private recordLine = 1;
  private started = false;
  private first = true;
  private badLine: number | undefined;
  readonly problems: CsvProblem[] = [];

  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let text = chunk;
    if (this.first) {
      this.first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    for (let i = 0; i < text.length; i++) this.char(text[i] as string, out);
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (this.pendingQuote) {
      this.pendingQuote = false;
      this.quoted = false;
      this.afterQuote = true;
    }
    if (this.quoted) {
      this.problems.push({
        line: this.recordLine,
        reason: 'a quoted field is not closed before the end of the file',
      });
      this.quoted = false;
      this.badLine = this.recordLine;
    }
    if (this.started) this.finish(out);
    return out;
  }

  private finish(out: CsvRecord[]): void {
    this.fields.push(this.field);
    const blank = this.fields.length === 1 && this.fields[0] === '' && !this.afterQuote;
    if (!blank) {
      if (this.badLine === this.recordLine)
        out.push({ line: this.recordLine, fields: [...this.fields, '\u0000bad'] });
      else out.push({ line: this.recordLine, fields: this.fields });
    }
    this.field = '';
    this.fields = [];
    this.afterQuote = false;
    this.started = false;
  }

  private char(c: string, out: CsvRecord[]): void {
    const afterCr = this.pendingCr;
    this.pendingCr = c === '\r';
    // A line break is CR, LF or CRLF: the LF of a CRLF is neither a new line nor a new record.
    if (c === '\n' && afterCr) {
      if (this.quoted && !this.pendingQuote) this.field += c;
      return;
    }
    if (this.pendingQuote) {
      this.pendingQuote = false;
      if (c === '"') {
        this.field += '"';
        return;
      }
      this.quoted = false;
      this.afterQuote = true;
    }
    if (this.quoted) {
      if (c === '"') this.pendingQuote = true;
      else {
        if (c === '\n' || c === '\r') this.line++;
        this.field += c;
      }
      return;
    }
    if (!this.started) {
      this.started = true;
      this.recordLine = this.line;
    }
    if (c === ',') {
      this.fields.push(this.field);
      this.field = '';
      this.afterQuote = false;
      return;
    }
    if (c === '\n' || c === '\r') {
      this.finish(out);
      this.line++;
      return;
    }
    if (c === '"') {
      if (this.field === '' && !this.afterQuote) {
        this.quoted = true;
        return;
      }
      this.mark('a quote inside an unquoted field (quote the whole field and double the quote: "")');
      this.field += c;
      return;
    }
    if (this.afterQuote) {
      this.mark('text after a closing quote (a quoted field must end at a comma or the end of the line)');
    }
    this.field += c;
  }

  private mark(reason: string): void {
    if (this.badLine === this.recordLine) return;
    this.badLine = this.recordLine;
    this.problems.push({ line: this.recordLine, reason });
  }
}

/** Whether a record was marked bad by the parser (its problem is in `problems`). */
export const isBadRecord = (r: CsvRecord): boolean => r.fields[r.fields.length - 1] === '\u0000bad';

/** Parses a whole CSV text (tests and small inputs). */
export function parseCsv(text: string): { records: CsvRecord[]; problems: CsvProblem[] } {
  const p = new CsvParser();
  const records = [...p.push(text), ...p.end()];
  return { records, problems: p.problems };
}
