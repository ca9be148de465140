import { describe, expect, it } from 'vitest';
import { validateDataset } from '../../src/index';
import { generateSampleData, SeededRandom } from '../../src/testing/index';

describe('generateSampleData', () => {
  const data = generateSampleData({
    seed: 42,
    reps: 18,
    deals: 1500,
    from: '2024-01-01',
    asOf: '2024-12-31',
  });

  it('is deterministic for a seed and differs between seeds', () => {
    const again = generateSampleData({
      seed: 42,
      reps: 18,
      deals: 1500,
      from: '2024-01-01',
      asOf: '2024-12-31',
    });
    expect(JSON.stringify(again)).toBe(JSON.stringify(data));
    const other = generateSampleData({
      seed: 43,
      reps: 18,
      deals: 1500,
      from: '2024-01-01',
      asOf: '2024-12-31',
    });
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(data));
  });

  it('produces a dataset that passes validation, also after a JSON round trip', () => {
    expect(() => validateDataset(data)).not.toThrow();
    const fromJson = validateDataset(JSON.parse(JSON.stringify(data)));
    expect(fromJson.deals).toHaveLength(1500);
    expect(fromJson.deals[0]!.amount.equals(data.deals[0]!.amount)).toBe(true);
  });

  it('has the shape of a real pipeline', () => {
    const won = data.deals.filter((d) => d.stageId === 'won');
    const lost = data.deals.filter((d) => d.stageId === 'lost');
    const open = data.deals.length - won.length - lost.length;
    const winRate = won.length / (won.length + lost.length);
    expect(winRate).toBeGreaterThan(0.15);
    expect(winRate).toBeLessThan(0.45);
    expect(open).toBeGreaterThan(0);
    const cycles = won
      .map((d) => (d.closedAt!.getTime() - d.createdAt.getTime()) / 86_400_000)
      .sort((a, b) => a - b);
    const median = cycles[Math.floor(cycles.length / 2)]!;
    expect(median).toBeGreaterThan(25);
    expect(median).toBeLessThan(90);
    // backward moves and skipped stages exist, for the funnel to handle
    const order = new Map(data.pipelines[0]!.stages.map((s) => [s.id, s.order]));
    const moves = data.stageChanges.filter(
      (c) => c.fromStageId !== null && c.toStageId !== 'lost' && c.toStageId !== 'won',
    );
    expect(moves.some((c) => order.get(c.toStageId)! < order.get(c.fromStageId!)!)).toBe(true);
    expect(moves.some((c) => order.get(c.toStageId)! - order.get(c.fromStageId!)! === 2)).toBe(true);
    expect(data.activities.length).toBeGreaterThan(data.deals.length);
    expect(data.payments.length).toBeGreaterThan(won.length / 2);
    expect(data.reps.some((r) => r.endDate)).toBe(true);
    // nothing happens after asOf
    const asOf = Date.parse('2025-01-01T00:00:00Z');
    expect(data.stageChanges.every((c) => c.at.getTime() < asOf)).toBe(true);
    expect(data.payments.every((p) => p.at.getTime() < asOf)).toBe(true);
  });

  it('rejects nonsense options with a clear message', () => {
    expect(() => generateSampleData({ reps: 0 })).toThrow(/reps/);
    expect(() => generateSampleData({ from: '2024-13-01' })).toThrow(/from/);
    expect(() => generateSampleData({ currency: 'yuan' })).toThrow(/currency/);
  });
});

describe('SeededRandom', () => {
  it('repeats for a seed and stays in range', () => {
    const a = new SeededRandom(9);
    const b = new SeededRandom(9);
    for (let i = 0; i < 1000; i++) {
      const x = a.next();
      expect(x).toBe(b.next());
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    const r = new SeededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const n = r.int(1, 6);
      expect(n >= 1 && n <= 6 && Number.isInteger(n)).toBe(true);
    }
  });
});
