// Stage conversion on a small pipeline: where do deals get stuck, and how sure is each figure?
import { findBottlenecks, historyFromStageDates, Money, stageConversion } from 'openspm';

const pipeline = {
  id: 'sales',
  name: 'New business',
  currency: 'CNY',
  stages: [
    { id: 'lead', name: 'Lead', order: 0, kind: 'open' as const, probability: 0.1 },
    { id: 'proposal', name: 'Proposal', order: 1, kind: 'open' as const, probability: 0.5 },
    { id: 'negotiation', name: 'Negotiation', order: 2, kind: 'open' as const, probability: 0.75 },
    { id: 'won', name: 'Won', order: 3, kind: 'won' as const },
    { id: 'lost', name: 'Lost', order: 4, kind: 'lost' as const },
  ],
};

// A HubSpot-style export: one "date entered" column per stage.
const history = historyFromStageDates(
  [
    {
      dealId: 'D-1',
      hs_date_entered_lead: '2024-03-01',
      hs_date_entered_proposal: '2024-03-08',
      hs_date_entered_won: '2024-04-02',
    },
    {
      dealId: 'D-2',
      hs_date_entered_lead: '2024-03-02',
      hs_date_entered_proposal: '2024-03-12',
      hs_date_entered_lost: '2024-03-30',
    },
    { dealId: 'D-3', hs_date_entered_lead: '2024-03-05', hs_date_entered_negotiation: '2024-03-20' },
    { dealId: 'D-4', hs_date_entered_lead: '2024-03-06', hs_date_entered_lost: '2024-03-09' },
  ],
  { pipeline },
);
const deal = (id: string, stageId: string, amount: string) => ({
  id,
  pipelineId: 'sales',
  ownerId: 'rep-1',
  stageId,
  amount: Money.of(amount, 'CNY'),
  createdAt: new Date('2024-03-01'),
});
const deals = [
  deal('D-1', 'won', '120000'),
  deal('D-2', 'lost', '80000'),
  deal('D-3', 'negotiation', '60000'),
  deal('D-4', 'lost', '10000'),
];

const result = stageConversion(
  { pipeline, deals, stageChanges: history.stageChanges },
  { asOf: '2024-06-30', skippedStages: 'impute' },
);
for (const s of result.overall.stages) {
  console.log(
    `${s.name.padEnd(12)} entered ${s.entered}  next step ${s.conversion.nextStep.text.padEnd(14)}` +
      `cumulative ${s.conversion.cumulative.text.padEnd(14)} median ${s.timeInStage.median ?? 'n/a'} days`,
  );
}
console.log(
  `Win rate: ${result.overall.winRate.wonOfClosed.text} of closed, by value ${result.overall.winRate.valueWonOfClosed?.text}`,
);
console.log(`Definitions used: ${JSON.stringify(result.definition)}`);

// Judge this funnel against a baseline (here: the same deals under the strict policy).
const strict = stageConversion(
  { pipeline, deals, stageChanges: history.stageChanges },
  { asOf: '2024-06-30', skippedStages: 'strict' },
);
console.log(
  `Strict vs imputed: ${findBottlenecks(strict, { baseline: result, minSample: 1 }).top?.explanation ?? 'no gap'}`,
);
