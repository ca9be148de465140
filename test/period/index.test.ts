import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { OpenSpmError } from '../../src/errors';
import * as period from '../../src/period';

const SRC = fileURLToPath(new URL('../../src/period', import.meta.url));
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));

describe('public surface', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(period).sort()).toEqual(
      [
        'CalendarDateSchema',
        'FiscalCalendarSchema',
        'PeriodSchema',
        'addDays',
        'addWorkingDays',
        'compareCalendarDates',
        'customPeriod',
        'dayNumber',
        'daysBetween',
        'eachPeriod',
        'fiscalCalendar',
        'fiscalYear',
        'fromDayNumber',
        'isCalendarDate',
        'isWorkingDay',
        'isoWeek',
        'nextPeriod',
        'parseCalendarDate',
        'parsePeriodKey',
        'periodContaining',
        'periodContains',
        'periodDays',
        'previousPeriod',
        'subPeriods',
        'toCalendarDate',
        'weekday',
        'workingDays',
        'workingDaysList',
      ].sort(),
    );
  });

  it('documents every export with an @example', () => {
    const index = readFileSync(join(SRC, 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export \{([^}]*)\}/g)].flatMap((m) =>
      m[1]!
        .split(',')
        .map((n) => n.replace(/^\s*type\s+/, '').trim())
        .filter(Boolean),
    );
    expect(names).toHaveLength(Object.keys(period).length + 7); // the values and 7 types
    for (const name of names) {
      const found = sources.find(({ text }) =>
        new RegExp(`\\*/\\n(?:export )(?:function|const|type|interface) ${name}\\b`).test(text),
      );
      expect(found, `${name} is declared right after a doc comment`).toBeDefined();
      const text = found!.text;
      const at = text.search(new RegExp(`\\*/\\n(?:export )(?:function|const|type|interface) ${name}\\b`));
      const comment = text.slice(text.lastIndexOf('/**', at), at);
      expect(comment, `${name} has an @example`).toContain('@example');
      expect(comment, `${name} imports from openspm in its example`).toMatch(/from 'openspm'/);
    }
  });
});

describe('purity', () => {
  it('never reads the clock, local time, randomness or Node-only APIs', () => {
    const forbidden = [
      /new Date\(\s*\)/,
      /Date\.now/,
      /\.get(FullYear|Month|Date|Day|Hours|Minutes|Seconds|Milliseconds|TimezoneOffset|Year)\(/,
      /\.set(FullYear|Month|Date|Hours|Minutes|Seconds|Milliseconds)\(/,
      /toLocale\w*\(/,
      /Math\.random/,
      /from 'node:/,
      /require\(/,
      /\bprocess\./,
      /date-fns/,
    ];
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const pattern of forbidden) expect(code, `${file} uses ${pattern}`).not.toMatch(pattern);
    }
  });
});

/**
 * Runs the ```ts examples of every doc comment: a line `expr; //=> value` (or `expr;` followed by a
 * `//=> value` line, continued by `// …` lines) must give `value`; `expr; // throws OpenSpmError CODE` must
 * throw that code. A trailing `(remark)` after a value is ignored.
 */
function examples(): { name: string; code: string; value: boolean }[] {
  const out: { name: string; code: string; value: boolean }[] = [];
  for (const { file, text } of sources) {
    for (const comment of text.matchAll(
      /\/\*\*([\s\S]*?)\*\/\s*\n(?:export )?(function|const|type|interface) (\w+)/g,
    )) {
      const lines = comment[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
      let inBlock = false;
      let block: string[] = [];
      for (const line of lines) {
        if (line.startsWith('```ts')) {
          inBlock = true;
          block = [];
        } else if (line.startsWith('```') && inBlock) {
          inBlock = false;
          const value = comment[2] === 'function' || comment[2] === 'const';
          out.push({ name: `${file} ${comment[3]}`, code: toChecks(block), value });
        } else if (inBlock) block.push(line);
      }
    }
  }
  return out;
}

function toChecks(lines: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^import /.test(line)) continue;
    const inline = /^(.*);\s*\/\/=> (.*)$/.exec(line);
    const throws = /^(.*);\s*\/\/ throws OpenSpmError (\w+)/.exec(line);
    if (throws) out.push(`__throws(() => (${throws[1]}), ${JSON.stringify(throws[2])});`);
    else if (inline) out.push(check(inline[1]!, inline[2]!));
    else if (line.startsWith('//=>')) {
      let expected = line.slice(4);
      while (lines[i + 1]?.startsWith('// ')) expected += `\n${lines[++i]!.slice(3)}`;
      const statement = out.pop()!;
      expect(statement.endsWith(';'), `a //=> line follows a one-line statement: ${statement}`).toBe(true);
      out.push(check(statement.slice(0, -1), expected));
    } else out.push(line);
  }
  return out.join('\n');
}

function check(expression: string, expected: string): string {
  const value = expected
    .trim()
    .replace(/\s+\([^()]*\)$/, '')
    .replace(/,(\s*[\]}])/g, '$1');
  return `__check(() => (${expression}), () => (${value}), ${JSON.stringify(expression)});`;
}

describe('doc examples', () => {
  const all = examples();

  it('were found', () => {
    expect(all.length).toBeGreaterThanOrEqual(28);
  });

  it.each(all)('$name', ({ code, value }) => {
    const js = ts.transpileModule(code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const names = Object.keys(period);
    let checks = 0;
    const __check = (actual: () => unknown, expected: () => unknown, what: string) => {
      checks++;
      expect(actual(), what).toEqual(expected());
    };
    const __throws = (run: () => unknown, code: string) => {
      checks++;
      expect(run).toThrow(OpenSpmError);
      try {
        run();
      } catch (error) {
        expect((error as OpenSpmError).code).toBe(code);
      }
    };
    new Function('__period', '__check', '__throws', `const { ${names.join(', ')} } = __period;\n${js}`)(
      period,
      __check,
      __throws,
    );
    if (value) expect(checks, 'the example of a function or constant shows a result').toBeGreaterThan(0);
  });
});
