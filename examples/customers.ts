/**
 * Customers and leads in one small CRM: grade customers A–D from their history, route a batch of new leads
 * to reps by territory, capacity and daily caps, then list what one rep should follow up this week and how
 * timely the team was last month.
 */
import {
  assignLeads,
  fiscalCalendar,
  followUpPlan,
  followUpTimeliness,
  gradeCustomers,
  parsePeriodKey,
  validateDataset,
} from 'openspm';

const calendar = fiscalCalendar({ zone: 'Asia/Shanghai', holidays: ['2025-01-01'] });
const asOf = '2024-12-30'; // a Monday

const data = validateDataset({
  pipelines: [
    {
      id: 'p1',
      name: 'New business',
      stages: [
        { id: 'proposal', name: 'Proposal', order: 0, kind: 'open', probability: 0.5 },
        { id: 'negotiation', name: 'Negotiation', order: 1, kind: 'open', probability: 0.7 },
        { id: 'won', name: 'Won', order: 2, kind: 'won' },
        { id: 'lost', name: 'Lost', order: 3, kind: 'lost' },
      ],
    },
  ],
  accounts: [
    { id: 'huaxin', name: 'Huaxin Technology', grade: 'B', ownerId: 'li', region: 'East' },
    { id: 'kunlun', name: 'Kunlun Logistics', grade: 'A', ownerId: 'li', region: 'East' },
    { id: 'tianyu', name: 'Tianyu Retail', grade: 'C', ownerId: 'wang', region: 'North' },
    { id: 'hengtai', name: 'Hengtai Medical', ownerId: 'wang', region: 'North' },
  ],
  deals: [
    won('D-1', 'li', 'huaxin', '860000.00', '2024-12-02'),
    won('D-2', 'li', 'huaxin', '240000.00', '2024-08-15'),
    won('D-3', 'li', 'kunlun', '90000.00', '2024-02-20'),
    won('D-4', 'wang', 'tianyu', '150000.00', '2024-11-11'),
    {
      id: 'D-5',
      pipelineId: 'p1',
      ownerId: 'li',
      accountId: 'huaxin',
      stageId: 'negotiation',
      amount: { amount: '500000.00', currency: 'CNY' },
      createdAt: '2024-12-01',
    },
  ],
  activities: [
    { id: 'a1', type: 'visit', repId: 'li', accountId: 'huaxin', at: '2024-12-20T10:00:00+08:00' },
    { id: 'a2', type: 'call', repId: 'li', dealId: 'D-5', at: '2024-12-23T15:00:00+08:00' },
    { id: 'a3', type: 'call', repId: 'li', accountId: 'kunlun', at: '2024-10-08T11:00:00+08:00' },
    { id: 'a4', type: 'visit', repId: 'wang', accountId: 'tianyu', at: '2024-12-27T09:30:00+08:00' },
    { id: 'a5', type: 'email', repId: 'li', accountId: 'huaxin', at: '2024-11-28T09:00:00+08:00' },
    { id: 'a6', type: 'call', repId: 'li', accountId: 'huaxin', at: '2024-12-06T09:00:00+08:00' },
  ],
});

// 1. Grades: revenue, frequency and recency (RFM) with fixed thresholds, plus engagement.
const grading = gradeCustomers(data, {
  asOf,
  calendar,
  factors: {
    revenue: { weight: 4, method: 'fixed', thresholds: ['100000', '300000', '600000', '1000000'] },
    frequency: { weight: 2, method: 'fixed', thresholds: [1, 2, 3, 5] },
    recency: { weight: 2, method: 'fixed', thresholds: [365, 180, 90, 30] },
    engagement: { weight: 2, method: 'fixed', thresholds: [180, 60, 30, 14] },
  },
});
for (const a of grading.accounts) {
  console.log(
    `${a.accountName.padEnd(18)} ${a.previousGrade ?? '-'} → ${a.grade}  score ${a.score.toFixed(2).padStart(6)}  ` +
      `revenue ${a.factors.revenue.points}/5, frequency ${a.factors.frequency.points}/5, ` +
      `recency ${a.factors.recency.points}/5, engagement ${a.factors.engagement.points}/5  (${a.change})`,
  );
}
// Huaxin Technology  B → A  score  90.00 … (upgraded)

// 2. Leads: round-robin within territory, from the cursor saved after the last batch; caps per day.
const batch = assignLeads(
  {
    leads: [
      { id: 'L-1', region: 'East', grade: 'A' },
      { id: 'L-2', region: 'North' },
      { id: 'L-3', region: 'East' },
      { id: 'L-4', region: 'East' },
      { id: 'L-5', region: 'West' },
    ],
    reps: [
      { id: 'li', regions: ['East'], dailyCap: 2 },
      { id: 'zhao', regions: ['East'], hireDate: '2024-12-16', dailyCap: 2 },
      { id: 'wang', regions: ['North'] },
    ],
    cursor: 'zhao',
  },
  { asOf, policy: 'round-robin', overflow: 'pool', match: ['region'] },
);
for (const a of batch.assignments) console.log(`${a.leadId} → ${a.repId ?? '(shared pool)'}: ${a.reason}`);
console.log(
  `cursor to save: ${batch.cursor}; fairness (leads per rep) max/min ${batch.fairness?.assigned.ratio}`,
);

// 3. This week's follow-ups for Li, with the new grades; negotiation deals every 3 days.
const grades = Object.fromEntries(grading.accounts.map((a) => [a.accountId, a.grade]));
const cadence = { grades: { A: 7, B: 14, C: 30, D: 60 }, stages: { negotiation: 3 } };
const plan = followUpPlan(data, { asOf, calendar, grades, cadence, repIds: ['li'] });
for (const item of plan.reps[0]?.items ?? []) console.log(`${item.priority}. ${item.reason}`);

// 4. Follow-up timeliness in December: a KPI for the scorecard and a signal for warnings.
const timeliness = followUpTimeliness(data, {
  asOf,
  calendar,
  grades,
  cadence,
  period: parsePeriodKey('2024-12'),
});
for (const r of timeliness.reps)
  console.log(`${r.repId}: ${r.onTime}/${r.due} on time, rate ${r.rate ?? r.reason}`);

function won(id: string, ownerId: string, accountId: string, amount: string, closedAt: string) {
  return {
    id,
    pipelineId: 'p1',
    ownerId,
    accountId,
    stageId: 'won',
    amount: { amount, currency: 'CNY' },
    createdAt: '2024-01-02',
    closedAt,
  };
}
