// Anomaly warnings (异常预警): a stalled proposal, a silent key account, a conversion drop, and a quarter at risk.
import { detectAnomalies, validateDataset } from 'openspm';

const day = (d: string, time = '10:00:00') => `${d}T${time}Z`;

const data = validateDataset({
  currency: 'CNY',
  pipelines: [
    {
      id: 'p1',
      name: 'New business',
      stages: [
        { id: 'lead', name: 'Lead', order: 0, kind: 'open', probability: 0.1, slaDays: 7, rottingDays: 10 },
        {
          id: 'proposal',
          name: 'Proposal',
          order: 1,
          kind: 'open',
          probability: 0.5,
          slaDays: 14,
          rottingDays: 14,
        },
        { id: 'won', name: 'Won', order: 2, kind: 'won' },
        { id: 'lost', name: 'Lost', order: 3, kind: 'lost' },
      ],
    },
  ],
  reps: [{ id: 'rep-1', name: 'Li Wei', teamId: 'east', hireDate: '2022-03-01' }],
  teams: [{ id: 'east', name: 'East region' }],
  accounts: [{ id: 'acct-1', name: 'Huaxin Technology', grade: 'A', ownerId: 'rep-1' }],
  deals: [
    {
      id: 'D-17',
      pipelineId: 'p1',
      ownerId: 'rep-1',
      accountId: 'acct-1',
      stageId: 'proposal',
      amount: { amount: '120000.00', currency: 'CNY' },
      createdAt: day('2024-05-06'),
      expectedCloseDate: '2024-06-28',
    },
    {
      id: 'D-18',
      pipelineId: 'p1',
      ownerId: 'rep-1',
      stageId: 'won',
      amount: { amount: '80000.00', currency: 'CNY' },
      createdAt: day('2024-04-02'),
      closedAt: day('2024-05-20'),
    },
  ],
  stageChanges: [
    { dealId: 'D-17', fromStageId: null, toStageId: 'lead', at: day('2024-05-06') },
    { dealId: 'D-17', fromStageId: 'lead', toStageId: 'proposal', at: day('2024-05-10') },
    { dealId: 'D-18', fromStageId: null, toStageId: 'lead', at: day('2024-04-02') },
    { dealId: 'D-18', fromStageId: 'lead', toStageId: 'won', at: day('2024-05-20') },
  ],
  activities: [
    { id: 'a1', type: 'visit', repId: 'rep-1', accountId: 'acct-1', dealId: 'D-17', at: day('2024-06-03') },
  ],
});

const result = detectAnomalies(data, {
  asOf: day('2024-06-30', '18:00:00'),
  periodKind: 'quarter',
  targets: [
    { subject: 'rep', id: 'rep-1', period: 'FY2024-Q2', amount: { amount: '300000', currency: 'CNY' } },
  ],
  // The deal model keeps only the current close date: pass its history to judge slips.
  closeDateChanges: [
    { dealId: 'D-17', at: day('2024-05-31'), from: '2024-05-31', to: '2024-06-14' },
    { dealId: 'D-17', at: day('2024-06-13'), from: '2024-06-14', to: '2024-06-28' },
  ],
  rules: { stalledInStage: { threshold: 'configured' } },
});

console.log(`As of ${result.asOf}, ${result.period.key}:`, result.counts);
for (const w of result.warnings) {
  console.log(`\n[${w.severity}] ${w.code} · ${w.subject.kind} ${w.subject.name} · id ${w.id}`);
  console.log(`  ${w.message.en}`);
  console.log(`  ${w.message['zh-CN']}`);
  console.log(`  → ${w.action.en}`);
  const e = w.evidence;
  console.log(
    `  evidence: ${e.metric} ${e.value} ${e.comparison} ${e.threshold} (${e.thresholdSource}: ${e.thresholdNote})`,
  );
}
console.log('\nNot judged:');
for (const d of result.diagnostics) console.log(`  ${d.rule} ${d.code}: ${d.message}`);
