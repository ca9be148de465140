import { describe, expect, it } from 'vitest';
import {
  assignLeads,
  fiscalCalendar,
  followUpPlan,
  followUpTimeliness,
  gradeCustomers,
  parsePeriodKey,
  toCalendarDate,
} from '../../src/index';
import { generateSampleData } from '../../src/testing/index';

// The four functions on a generated CRM: totals that must add up, whatever the data.
const data = generateSampleData({ seed: 7, reps: 12, deals: 400, from: '2024-01-01', asOf: '2024-12-31' });
const calendar = fiscalCalendar({
  zone: 'Asia/Shanghai',
  holidays: ['2024-10-01', '2024-10-02', '2024-10-03'],
});
const asOf = '2024-12-31';

describe('customers on sample data', () => {
  it('grades every account once, and the distribution adds up', () => {
    const r = gradeCustomers(data, { asOf, calendar });
    expect(r.accounts.map((a) => a.accountId)).toEqual(data.accounts.map((a) => a.id));
    expect(r.distribution.reduce((n, d) => n + d.count, 0)).toBe(data.accounts.length);
    const { upgraded, downgraded, unchanged, new: fresh } = r.changes;
    expect(upgraded + downgraded + unchanged + fresh).toBe(data.accounts.length);
    for (const a of r.accounts) {
      expect(a.score).toBeGreaterThanOrEqual(0);
      expect(a.score).toBeLessThanOrEqual(100);
      const sum = Object.values(a.factors).reduce((s, f) => s + f.contribution, 0);
      expect(Math.abs(sum - a.score)).toBeLessThan(0.05); // contributions are rounded for display
    }
  });

  it('assigns leads to the sample reps and accounts for every lead', () => {
    const reps = data.reps
      .filter((r) => r.role === 'rep')
      .map((r) => ({ id: r.id, capacity: 40, hireDate: toCalendarDate(r.hireDate), active: !r.endDate }));
    const leads = data.accounts.slice(0, 30).map((a, i) => ({ id: `L-${i}`, accountId: a.id }));
    const r = assignLeads(
      { leads, reps, accounts: data.accounts },
      { asOf, policy: 'weighted', dailyCap: 4 },
    );
    expect(r.assigned + r.pooled + r.unassigned).toBe(30);
    expect(r.loads.reduce((n, l) => n + l.assigned, 0)).toBe(r.assigned);
  });

  it('lists follow-ups due within the horizon, and timeliness totals add up', () => {
    const plan = followUpPlan(data, { asOf, calendar });
    for (const rep of plan.reps) {
      expect(rep.items.map((i) => i.priority)).toEqual(rep.items.map((_, i) => i + 1));
      for (const item of rep.items) expect(item.dueDate < plan.horizon.end).toBe(true);
      expect(rep.overdue + rep.due + rep.upcoming).toBe(rep.items.length);
    }
    const t = followUpTimeliness(data, { asOf, calendar, period: parsePeriodKey('2024-11') });
    for (const r of [...t.reps, t.total]) expect(r.onTime + r.late + r.missed).toBe(r.due);
    expect(t.total.due).toBe(t.reps.reduce((n, r) => n + r.due, 0));
    expect(t.total.due).toBeGreaterThan(0);
  });
});
