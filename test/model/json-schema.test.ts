import { describe, expect, it } from 'vitest';
import { type ModelName, modelSchemas, toJsonSchema, validateDataset } from '../../src/model/index';
import { generateSampleData } from '../../src/testing/index';
import { errorOf, validInput } from './fixtures';

type Schema = Record<string, unknown>;

/**
 * A minimal JSON Schema checker, enough for the keywords zod emits for our models. Returns the paths that
 * fail; `format` is checked for date and date-time, as a strict validator in another language would.
 */
function check(schema: Schema, value: unknown, path = '$'): string[] {
  const errors: string[] = [];
  const fail = (why: string) => errors.push(`${path}: ${why}`);
  if (schema.anyOf) {
    const branches = schema.anyOf as Schema[];
    if (!branches.some((b) => check(b, value, path).length === 0)) fail('matches no anyOf branch');
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    const actual =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'array'
          : Number.isInteger(value)
            ? 'integer'
            : typeof value === 'number'
              ? 'number'
              : typeof value;
    const ok = types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
    if (!ok) return [...errors, `${path}: expected ${types.join('|')}, got ${actual}`];
  }
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) fail('not in enum');
  if ('const' in schema && schema.const !== value) fail('not the const');
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) fail('too short');
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern');
    if (schema.format === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(value)) fail('not a date');
    if (
      schema.format === 'date-time' &&
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)
    ) {
      fail('not a date-time');
    }
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('below minimum');
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('above maximum');
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum)
      fail('not above minimum');
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('too few items');
    if (schema.items) {
      for (const [i, item] of value.entries())
        errors.push(...check(schema.items as Schema, item, `${path}[${i}]`));
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) fail(`missing ${key}`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) errors.push(...check(properties[key], v, `${path}.${key}`));
      else if (schema.additionalProperties === false) fail(`unknown property ${key}`);
      else if (typeof schema.additionalProperties === 'object') {
        errors.push(...check(schema.additionalProperties as Schema, v, `${path}.${key}`));
      }
    }
  }
  return errors;
}

/** Every sub-schema of a JSON Schema, with its location. */
function* walk(schema: unknown, path = '$'): Generator<[string, Schema]> {
  if (schema === null || typeof schema !== 'object') return;
  yield [path, schema as Schema];
  for (const [key, child] of Object.entries(schema)) {
    if (Array.isArray(child)) for (const [i, c] of child.entries()) yield* walk(c, `${path}.${key}[${i}]`);
    else if (child !== null && typeof child === 'object') yield* walk(child, `${path}.${key}`);
  }
}

const jsonDeal = {
  id: 'D-17',
  pipelineId: 'p1',
  ownerId: 4711,
  amount: { amount: '120000.00', currency: 'CNY' },
  createdAt: '2024-03-01T09:30:00+08:00',
  expectedCloseDate: '2024-04-30',
  stageId: 'proposal',
  closedAt: null,
  custom: { industryCode: 'C13' },
};

describe('toJsonSchema', () => {
  it('exports a schema for every model', () => {
    const names = Object.keys(modelSchemas) as ModelName[];
    expect(names).toEqual([
      'Pipeline',
      'Stage',
      'Deal',
      'StageChange',
      'Activity',
      'Rep',
      'Team',
      'Account',
      'Payment',
      'Dataset',
    ]);
    for (const name of names) {
      const schema = toJsonSchema(name);
      expect(schema.title).toBe(name);
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.type).toBe('object');
      expect(typeof schema.description).toBe('string');
      expect(() => JSON.stringify(schema)).not.toThrow();
    }
  });

  it('has no schema that accepts anything, except the values of custom fields', () => {
    for (const name of Object.keys(modelSchemas) as ModelName[]) {
      for (const [path, sub] of walk(toJsonSchema(name))) {
        if (Object.keys(sub).length === 0)
          expect(path, `${name} ${path}`).toMatch(/\.custom\.anyOf\[0\]\.additionalProperties$/);
      }
    }
  });

  it('renders money as its JSON form only, and dates as date or date-time strings', () => {
    const deal = toJsonSchema('Deal') as Schema & { properties: Record<string, Schema>; required: string[] };
    expect(deal.required).toEqual(['id', 'pipelineId', 'ownerId', 'amount', 'createdAt', 'stageId']);
    const amount = deal.properties.amount!;
    expect(amount.anyOf).toBeUndefined();
    expect(amount.type).toBe('object');
    expect(amount.required).toEqual(['amount', 'currency']);
    expect(amount.additionalProperties).toBe(false);
    expect(deal.properties.createdAt!.anyOf).toEqual([
      { type: 'string', format: 'date-time' },
      { type: 'string', format: 'date' },
    ]);
    expect(deal.properties.createdAt!.description).toMatch(/created/);
    expect(JSON.stringify(deal)).not.toMatch(/"format":"(?!date)/);
  });

  it('accepts a valid JSON deal and rejects one whose amount is a bare string', () => {
    const deal = toJsonSchema('Deal');
    expect(check(deal, jsonDeal)).toEqual([]);
    expect(check(deal, { ...jsonDeal, amount: '120000.00' })).toEqual([
      '$.amount: expected object, got string',
    ]);
    expect(check(deal, { ...jsonDeal, amount: { amount: '1', currency: 'rmb' } })).toEqual([
      '$.amount.currency: pattern',
    ]);
    expect(check(deal, { ...jsonDeal, createdAt: '01/03/2024' })).toEqual([
      '$.createdAt: matches no anyOf branch',
    ]);
    expect(check(deal, { ...jsonDeal, id: '' })).toEqual(['$.id: matches no anyOf branch']);
    const { stageId: _, ...noStage } = jsonDeal;
    expect(check(deal, noStage)).toEqual(['$: missing stageId']);
  });

  it('agrees with the zod schemas on a whole JSON dataset', () => {
    const json = JSON.parse(JSON.stringify(generateSampleData({ seed: 11, deals: 150 })));
    expect(check(toJsonSchema('Dataset'), json)).toEqual([]);
    expect(check(toJsonSchema('Dataset'), validInput())).toEqual([]);
    expect(() => validateDataset(json)).not.toThrow();
  });

  it('carries the field descriptions', () => {
    const stage = toJsonSchema('Stage') as { properties: Record<string, Schema> };
    expect(stage.properties.probability!.description).toMatch(/defaults to 1 for won and 0 for lost/);
    const activity = toJsonSchema('Activity') as { properties: Record<string, Schema> };
    expect(JSON.stringify(activity.properties.type)).toContain('follow_up');
  });

  it('rejects an unknown model name', () => {
    expect(errorOf(() => toJsonSchema('Opportunity' as ModelName)).code).toBe('INVALID_INPUT');
  });
});
