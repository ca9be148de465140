import { it } from 'vitest';
import { scoreKpis } from '../../src/index';
it('x', () => {
const capped = { kind: 'capped-ratio', cap: 120 } as const;
const result = scoreKpis(
  {
    scorecard: {
      id: 'rep-card', name: 'Rep scorecard', version: 1, effectiveFrom: '2024-01-01',
      dimensions: [{ id: 'all', name: 'All', weight: 100, kpis: [
        { id: 'visits', name: 'Visits', weight: 15, target: 60, curve: capped },
        { id: 'followUps', name: 'Follow-ups', weight: 10, target: 120, curve: capped },
        { id: 'revenue', name: 'Revenue', weight: 40, target: 1000000, curve: capped },
        { id: 'collection', name: 'Collection rate', weight: 20, target: 95, curve: capped },
        { id: 'csat', name: 'CSAT', weight: 15, target: 4.5, curve: capped },
      ] }],
    },
    values: { 'rep-1': { visits: 52, followUps: 130, revenue: 1100000, collection: 93, csat: 4.3 }, 'rep-2': { visits: 52, followUps: null, revenue: 1100000, collection: 93, csat: 4.3 } },
  },
  { asOf: '2024-03-31' },
);
for (const r of result.reps) console.log(JSON.stringify(r, null, 1).slice(0, 3000), r.kpis.map(k=>[k.display, k.score?.toString(), k.effectiveWeight.toString(), k.contribution.toString()]));
});
