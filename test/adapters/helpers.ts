import { TABLES } from '../../src/adapters/sql/tables';

/** A table prefix unique to this test run and file, so parallel runs never share tables. */
export function runPrefix(label: string): string {
  return `t${process.pid.toString(36)}${Date.now().toString(36)}_${label}_`.toLowerCase();
}

/** DROP statements for every openspm table of a prefix. */
export function dropStatements(prefix: string): string[] {
  return [...Object.values(TABLES).map((t) => `${prefix}${t.name}`), `${prefix}migrations`].map(
    (name) => `DROP TABLE IF EXISTS ${name}`,
  );
}
