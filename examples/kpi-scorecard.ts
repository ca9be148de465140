// The 50/50 dual-indicator scorecard from the articles (双重指标): judge reps on process and result
// together. Process: "at least 10 high-quality visits a week"; result: signed amount. Run by the tests.
import {
  capabilityProfile,
  defineScorecard,
  forcedDistribution,
  parsePeriodKey,
  scorecardInForce,
  scoreKpis,
  teamScores,
} from 'openspm';
import { generateSampleData } from 'openspm/testing';

const scorecard = defineScorecard({
  id: 'dual-indicators',
  name: 'Dual indicators: process and result, 50/50',
  version: '2024.1',
  effectiveFrom: '2024-01-01',
  dimensions: [
    {
      id: 'process',
      name: 'Process',
      weight: 50,
      kpis: [
        {
          id: 'qualityVisits',
          name: 'High-quality visits per week',
          weight: 100,
          unit: 'visits/week',
          // Computed from the CRM's activities: visits marked quality, per week of the period.
          metric: { name: 'activityCount', params: { types: ['visit'], qualityOnly: true, per: 'week' } },
          target: 10,
          // Reaching 10 a week is the job; doing more does not buy result points.
          curve: { kind: 'capped-ratio', cap: 100 },
        },
      ],
    },
    {
      id: 'result',
      name: 'Result',
      weight: 50,
      kpis: [
        {
          id: 'signed',
          name: 'Signed amount',
          weight: 100,
          unit: 'CNY',
          metric: 'signedAmount',
          target: 300_000,
          // 80 % of target scores 50, target 100, 150 % or more 150; below 80 % nothing.
          curve: { kind: 'piecewise', basis: 'attainment', threshold: 80, stretch: 150 },
        },
      ],
    },
  ],
  ratingBands: [
    { label: 'S', min: 120 },
    { label: 'A', min: 100 },
    { label: 'B', min: 80 },
    { label: 'C', min: 60 },
    { label: 'D', min: 0 },
  ],
});

// 1. Two reps the articles describe, values supplied by hand (a supplied value takes precedence over the
//    KPI's metric). The closer sells 360,000 (120 % → 100 + 50 × 20/50 = 120) but makes 6 quality visits a
//    week (60); the visitor makes 11 (capped at 100) and sells 240,000 (80 % → 50).
const byHand = scoreKpis(
  {
    scorecard,
    values: {
      closer: { qualityVisits: 6, signed: 360_000 },
      visitor: { qualityVisits: 11, signed: 240_000 },
    },
  },
  { asOf: '2024-03-31' },
);
for (const rep of byHand.reps) {
  const parts = rep.kpis.map((k) => `${k.name} ${k.value} → ${k.display} × ${k.effectiveWeight}%`).join(', ');
  console.log(`${rep.repId}: ${parts} = ${rep.display} (${rep.rating})`);
}
// closer: … 6 → 60.00 × 50%, … 360000 → 120.00 × 50% = 90.00 (B)
// visitor: … 11 → 100.00 × 50%, … 240000 → 50.00 × 50% = 75.00 (C)

// 2. Computed from a CRM for the second quarter: activities and won deals of every rep. Scorecards are
//    versioned data: from April the sample team's targets are 2 logged quality visits a week and 250,000.
const data = generateSampleData({ seed: 7, reps: 12, deals: 900, from: '2024-01-01', asOf: '2024-06-30' });
const april = defineScorecard({
  ...scorecard,
  version: '2024.2',
  effectiveFrom: '2024-04-01',
  dimensions: scorecard.dimensions.map((d) => ({
    ...d,
    kpis: d.kpis.map((k) => ({ ...k, target: k.id === 'signed' ? 250_000 : 2 })),
  })),
});
const inForce = scorecardInForce([scorecard, april], '2024-06-30')!;
const quarter = parsePeriodKey('FY2024-Q2');
const result = scoreKpis({ scorecard: inForce, dataset: data }, { asOf: '2024-06-30', period: quarter });
console.log(`\n${inForce.name} (version ${inForce.version}), ${quarter.key}`);
for (const rep of result.reps) {
  const [visits, signed] = rep.kpis;
  console.log(
    `#${String(rep.rank).padEnd(3)} ${rep.repId.padEnd(7)} ${rep.teamId?.padEnd(7)} visits/week ${visits!.value?.toFixed(2).padStart(5)} → ${visits!.display.padStart(6)}` +
      `   signed ${String(signed!.value).padStart(10)} → ${signed!.display.padStart(6)}   total ${rep.display.padStart(6)} ${rep.rating}`,
  );
}

// 3. Teams, forced distribution and coaching input.
for (const team of teamScores(result, { teams: data.teams }).teams)
  console.log(`${'  '.repeat(team.depth)}${team.name}: ${team.display} (${team.headcount} reps)`);
const forced = forcedDistribution(result, {
  buckets: [
    { label: 'top 20%', share: 20 },
    { label: 'middle 70%', share: 70 },
    { label: 'bottom 10%', share: 10 },
  ],
});
console.log(forced.buckets.map((b) => `${b.label}: ${b.size}`).join(', '), '|', forced.warnings.join('; '));
for (const profile of capabilityProfile(result, { threshold: 25 }).reps.slice(0, 4)) {
  const say = (g: { name: string; gap: { toFixed(dp: number): string } }) => `${g.name} ${g.gap.toFixed(1)}`;
  console.log(
    `${profile.repId}: strengths [${profile.strengths.map(say).join(', ')}], weaknesses [${profile.weaknesses.map(say).join(', ')}]`,
  );
}
