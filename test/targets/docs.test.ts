import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as openspm from '../../src/index';
import * as targets from '../../src/targets/index';

const SRC = fileURLToPath(new URL('../../src/targets', import.meta.url));
const sources = readdirSync(SRC)
  .filter((f) => f.endsWith('.ts'))
  .map((file) => ({ file, text: readFileSync(join(SRC, file), 'utf8') }));

describe('public surface', () => {
  it('exports exactly these functions', () => {
    expect(Object.keys(targets).sort()).toEqual([
      'decomposeTarget',
      'reconcileTargets',
      'replanTarget',
      'splitTarget',
      'targetMatrix',
      'targetVariance',
    ]);
  });

  it('documents every export with an @example importing from openspm', () => {
    const index = readFileSync(join(SRC, 'index.ts'), 'utf8');
    const names = [...index.matchAll(/export (?:type )?\{([^}]*)\}/g)].flatMap((m) =>
      m[1]!
        .split(',')
        .map((n) => n.replace(/^\s*type\s+/, '').trim())
        .filter(Boolean),
    );
    expect(names.length).toBeGreaterThan(40);
    for (const name of names) {
      const pattern = new RegExp(`\\*/\\nexport (?:function|const|type|interface) ${name}\\b`);
      const found = sources.find(({ text }) => pattern.test(text));
      expect(found, `${name} is declared right after a doc comment`).toBeDefined();
      const at = found!.text.search(pattern);
      const comment = found!.text.slice(found!.text.lastIndexOf('/**', at), at);
      expect(comment, `${name} has an @example`).toContain('@example');
      expect(comment, `${name} imports from openspm in its example`).toMatch(/from 'openspm'/);
    }
  });

  it('is pure: no clock, no randomness, no Node-only API', () => {
    for (const { file, text } of sources) {
      const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      for (const pattern of [
        /new Date\(\s*\)/,
        /Date\.now/,
        /Math\.random/,
        /from 'node:/,
        /\bprocess\./,
        /new Function/,
      ]) {
        expect(code, `${file} uses ${pattern}`).not.toMatch(pattern);
      }
    }
  });
});

/**
 * The ```ts examples of the doc comments, run: `expr; //=> value` (or a `//=> value` line after a one-line
 * statement, continued by `// …` lines) must give `value`. Examples that only illustrate a type with
 * `declare const` are type-checked by tsc through typedoc, not run.
 */
function examples(): { name: string; code: string }[] {
  const out: { name: string; code: string }[] = [];
  for (const { file, text } of sources) {
    for (const comment of text.matchAll(
      /\/\*\*([\s\S]*?)\*\/\s*\nexport (?:function|const|type|interface) (\w+)/g,
    )) {
      const lines = comment[1]!.split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
      let block: string[] | null = null;
      for (const line of lines) {
        if (line.startsWith('```ts')) block = [];
        else if (line.startsWith('```') && block) {
          if (!block.some((l) => l.includes('declare ')))
            out.push({ name: `${file} ${comment[2]}`, code: toChecks(block) });
          block = null;
        } else if (block) block.push(line);
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
    if (inline) out.push(check(inline[1]!, inline[2]!));
    else if (line.startsWith('//=>')) {
      let expected = line.slice(4);
      while (lines[i + 1]?.startsWith('// ')) expected += `\n${lines[++i]!.slice(3)}`;
      const statement = out.pop()!;
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
    expect(all.length).toBeGreaterThanOrEqual(15);
  });

  it.each(all)('$name', ({ code }) => {
    const js = ts.transpileModule(code, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const names = Object.keys(openspm);
    const __check = (actual: () => unknown, expected: () => unknown, what: string) => {
      expect(actual(), what).toEqual(expected());
    };
    new Function('__openspm', '__check', `const { ${names.join(', ')} } = __openspm;\n${js}`)(
      openspm,
      __check,
    );
  });
});
