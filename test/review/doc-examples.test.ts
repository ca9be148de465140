import { describe, expect, it } from 'vitest';
import { parsePeriodKey, processResultLinkage, REVIEW_METRICS, reviewPeriod } from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

// The results the TSDoc examples promise.
describe('TSDoc examples of the review module', () => {
  it('REVIEW_METRICS', () => {
    expect(REVIEW_METRICS.filter((m) => m.kind === 'result').map((m) => m.id)).toEqual([
      'signedAmount',
      'newAccounts',
      'collectedAmount',
      'winRate',
    ]);
  });

  it('reviewPeriod', () => {
    const review = reviewPeriod(
      { dataset: generateSampleData({ seed: 7 }) },
      { asOf: '2024-12-31', period: parsePeriodKey('FY2024-Q3'), teamId: 'team-1' },
    );
    expect(review.comparison.key).toBe('FY2024-Q2');
    expect(review.metrics.find((m) => m.metricId === 'visits')?.change.percent).toBe(-15.9091);
    expect(review.summary[0]!.en).toBe('Won amount rose 189.2% from 126,393.49 to 365,535.86.');
    expect(review.summary[0]!.zh).toBe('签约金额从126,393.49升至365,535.86（+189.2%）。');
  });

  it('processResultLinkage', () => {
    const linkage = processResultLinkage(
      { dataset: generateSampleData({ seed: 3 }) },
      { asOf: '2024-12-31', period: parsePeriodKey('FY2024'), result: ['signedAmount'], seed: 1 },
    );
    expect(linkage.ranking.slice(0, 2).map((r) => `${r.process}: ${r.verdict}`)).toEqual([
      'calls: positive',
      'proposals: positive',
    ]);
    expect(linkage.suggestedWeights.weights[0]).toEqual({ process: 'calls', weight: 24, rho: 0.3265 });
    expect(linkage.suggestedWeights.applied).toBe(false);
  });
});
