/**
 * `npm run demo`: openspm on a generated sample CRM. Grows with each module: the funnel, scorecards,
 * targets, incentive statements and warnings are added as they land.
 */
import { fiscalCalendar, Money, validateDataset } from 'openspm';
import { generateSampleData } from 'openspm/testing';
import { printCurrenciesAndScopes } from './demo/access-currencies';
import { printCustomersAndLeads } from './demo/customers';
import {
  printPipelineSnapshot,
  printQuarterResults,
  printTargetSplit,
  printValidationErrors,
} from './demo/foundation';
import { printFunnel } from './demo/funnel';
import { printIncentiveStatements } from './demo/incentives';
import { printScorecards } from './demo/kpi';
import { printPeriodClose } from './demo/period-close';
import { printReview } from './demo/review';
import { printTeamQuarterPlan } from './demo/targets';
import { printWarnings } from './demo/warnings';

// China's 2024 and 2025 public holidays and the weekend days worked in exchange (调休).
const calendar = fiscalCalendar({
  fiscalYearStartMonth: 1,
  zone: 'Asia/Shanghai',
  holidays: [
    '2024-01-01',
    '2024-02-12',
    '2024-02-13',
    '2024-02-14',
    '2024-02-15',
    '2024-02-16',
    '2024-04-04',
    '2024-04-05',
    '2024-05-01',
    '2024-05-02',
    '2024-05-03',
    '2024-06-10',
    '2024-09-16',
    '2024-09-17',
    '2024-10-01',
    '2024-10-02',
    '2024-10-03',
    '2024-10-04',
    '2024-10-07',
    '2025-01-01',
    '2025-01-28',
    '2025-01-29',
    '2025-01-30',
    '2025-01-31',
    '2025-02-03',
    '2025-02-04',
    '2025-04-04',
    '2025-05-01',
    '2025-05-02',
    '2025-05-05',
    '2025-06-02',
    '2025-10-01',
    '2025-10-02',
    '2025-10-03',
    '2025-10-06',
    '2025-10-07',
    '2025-10-08',
  ],
  workdays: [
    '2024-02-04',
    '2024-02-18',
    '2024-04-07',
    '2024-04-28',
    '2024-05-11',
    '2024-09-14',
    '2024-09-29',
    '2024-10-12',
  ],
});

const generated = generateSampleData({
  seed: 42,
  reps: 24,
  deals: 2000,
  from: '2024-01-01',
  asOf: '2024-12-31',
});
// A CRM export arrives as JSON: validate it back into typed models.
const data = validateDataset(JSON.parse(JSON.stringify(generated)));

console.log('openspm demo — a generated CRM, as of 2024-12-31');
console.log(
  `${data.reps.length} people in ${data.teams.length} teams, ${data.accounts.length} accounts, ${data.deals.length} deals, ` +
    `${data.stageChanges.length} stage changes, ${data.activities.length} activities, ${data.payments.length} payments: valid.`,
);

printValidationErrors();
printPipelineSnapshot(data);
printFunnel(data, calendar);
printQuarterResults(data, calendar, 2024);
printScorecards(data, calendar, 'FY2024-Q4');
printTargetSplit(data, calendar, 2025, Money.of('12000000', 'CNY'));
printTeamQuarterPlan(data, calendar, 'FY2025-Q1', Money.of('3000000', 'CNY'));
printCustomersAndLeads(data, calendar, '2024-12-31');
printWarnings(data, calendar);
printIncentiveStatements(data, calendar, 4);
await printPeriodClose(data, calendar);
printReview(data, calendar);
printCurrenciesAndScopes(data, calendar);
