import { describe, expect, it } from 'vitest';
import {
  DIAGNOSTIC_CODES,
  WARNING_CODES,
  WARNING_LOCALES,
  WARNING_MESSAGES,
  WARNING_RULES,
  WARNING_SEVERITIES,
} from '../../src/index';

const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!.replace(/Zh$/, '')));

describe('message catalogue', () => {
  it('has an entry for every code and no more', () => {
    expect(Object.keys(WARNING_MESSAGES).sort()).toEqual(Object.keys(WARNING_CODES).sort());
  });

  it('every rule raises at least one code, and every code names a rule', () => {
    const rules = new Set(Object.values(WARNING_CODES));
    expect([...rules].sort()).toEqual([...WARNING_RULES].sort());
  });

  for (const [code, entry] of Object.entries(WARNING_MESSAGES)) {
    it(`${code}: complete in English and Simplified Chinese`, () => {
      expect(WARNING_SEVERITIES).toContain(entry.severity);
      for (const locale of WARNING_LOCALES) {
        expect(entry.message[locale].trim().length).toBeGreaterThan(10);
        expect(entry.action[locale].trim().length).toBeGreaterThan(4);
      }
      expect(entry.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.action['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(entry.message.en).not.toMatch(/[\u4e00-\u9fff]/);
      expect(entry.action.en).not.toMatch(/[\u4e00-\u9fff]/);
      // Both locales speak of the same figures (a `…Zh` placeholder is the Chinese form of the same one).
      const en = placeholders(entry.message.en + entry.action.en);
      const zh = placeholders(entry.message['zh-CN'] + entry.action['zh-CN']);
      zh.delete('part'); // "partZh" is the Chinese unit word
      en.delete('part');
      expect([...zh].sort()).toEqual([...en].sort());
    });
  }

  it('lists the diagnostic codes', () => {
    expect(DIAGNOSTIC_CODES).toEqual([
      'SAMPLE_TOO_SMALL',
      'INPUT_MISSING',
      'NOT_APPLICABLE',
      'THRESHOLD_FALLBACK',
    ]);
  });
});
