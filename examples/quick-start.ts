// The README's quick start, run by the tests.
import { fiscalCalendar, fiscalYear, Money, subPeriods, validateDataset, workingDays } from 'openspm';

// 1. Validate a CRM export: every problem is reported at once, with its path.
const data = validateDataset({
  pipelines: [
    {
      id: 'p1',
      name: 'New business',
      stages: [
        { id: 'lead', name: 'Lead', order: 0, kind: 'open', probability: 0.1 },
        { id: 'proposal', name: 'Proposal', order: 1, kind: 'open', probability: 0.5 },
        { id: 'won', name: 'Won', order: 2, kind: 'won' },
        { id: 'lost', name: 'Lost', order: 3, kind: 'lost' },
      ],
    },
  ],
  deals: [
    {
      id: 'D-1',
      pipelineId: 'p1',
      ownerId: 'u1',
      stageId: 'proposal',
      amount: { amount: '120000.00', currency: 'CNY' },
      createdAt: '2024-03-01',
    },
  ],
});

// 2. Exact money: weighted pipeline, rounded once, where you say.
const weighted = data.deals[0]!.amount.times('0.5').round('half-up');
console.log(`weighted pipeline: ${weighted}`); // 60000.00 CNY

// 3. Split an annual target into quarters by working days; the parts sum exactly to the whole.
const calendar = fiscalCalendar({ fiscalYearStartMonth: 1, holidays: ['2024-10-01', '2024-10-02'] });
const quarters = subPeriods(fiscalYear(2024, calendar), 'quarter', calendar);
const targets = Money.of('12000000', 'CNY').allocate(quarters.map((q) => workingDays(q, calendar)));
for (const [i, q] of quarters.entries()) {
  console.log(`${q.key}: ${targets[i]} (${workingDays(q, calendar)} working days)`);
}
console.log(`total: ${Money.sum(targets)}`); // exactly 12000000.00 CNY
