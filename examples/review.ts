// The retrospective (复盘): a team's quarter against the one before, and which process work actually goes
// with results. Run by the tests.
import { type LinkagePanelRow, parsePeriodKey, processResultLinkage, reviewPeriod } from 'openspm';
import { generateSampleData, SeededRandom } from 'openspm/testing';

const dataset = generateSampleData({ seed: 5, reps: 12, deals: 800 });

// 1. Period review of one regional team: Q3 against Q2 (or compareWith: 'last-year').
const review = reviewPeriod(
  {
    dataset,
    targets: dataset.reps
      .filter((r) => r.role === 'rep')
      .flatMap((r) => [
        { repId: r.id, period: 'FY2024-Q3', amount: { amount: '300000', currency: 'CNY' } },
        { repId: r.id, period: 'FY2024-Q2', amount: { amount: '300000', currency: 'CNY' } },
      ]),
  },
  { asOf: '2024-12-31', period: parsePeriodKey('FY2024-Q3'), teamId: 'team-1', warnings: false },
);
for (const m of review.metrics) {
  console.log(`${m.name.padEnd(22)} ${m.previous.display.padStart(14)} → ${m.current.display.padStart(14)}`);
}
for (const line of review.summary) console.log(`${line.en}\n${line.zh}`);

// 2. Linkage on a panel you already have (a spreadsheet of rep × month): here visits drive revenue
//    (about 5,000 per visit) and calls do not.
const random = new SeededRandom(1);
const panel: LinkagePanelRow[] = [];
for (let rep = 1; rep <= 20; rep++) {
  for (let month = 1; month <= 12; month++) {
    const visits = random.int(5, 25);
    const calls = random.int(20, 80);
    const revenue = 5000 * visits + 2000 * month + random.int(-20000, 20000);
    panel.push({
      repId: `rep-${rep}`,
      period: `2024-${String(month).padStart(2, '0')}`,
      values: { visits, calls, revenue },
    });
  }
}
const linkage = processResultLinkage(
  { panel },
  { process: ['visits', 'calls'], result: ['revenue'], seed: 1 },
);
for (const pair of linkage.pairs) console.log(`${pair.explanation}\n${pair.explanationZh}`);
console.log(linkage.suggestedWeights.label, linkage.suggestedWeights.weights);
