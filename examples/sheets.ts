// openspm/sheets from JavaScript: the same functions Excel (=SPM.…) and Google Sheets (=SPM_…) call,
// taking and returning ranges as 2-D arrays. Run by the tests.
import { callSheetFunction, isSheetError, sheetFunctions } from 'openspm/sheets';

// Split an annual target of 12,000,000 over quarters by working days, National Day off.
const holidays = [['2024-10-01'], ['2024-10-02'], ['2024-10-03'], ['2024-10-04'], ['2024-10-07']];
const quarters = sheetFunctions.TARGETCALENDAR(12000000, '2024-01-01', '2024-12-31', 'quarter', holidays);
console.table(quarters);

// Split a team target by last year's sales: the parts sum exactly to the total.
const team = sheetFunctions.TARGETSPLIT(3000000, [['Last year'], [1250000], [980000], [610000]]);
console.log('team split:', team.flat().join(' | '));

// Tiered commission per rep from a sales range with a header, marginal, with the explanation columns.
const sales = [
  ['Owner', 'Amount'],
  ['Li Lei', 120000],
  ['Han Mei', 80000],
  ['Li Lei', 100000],
  ['Wu Fang', '95,000'], // a bad row: it reports itself, the others still compute
];
const tiers = [
  ['From', 'Rate'],
  [0, '3%'],
  [100000, '5%'],
  [200000, '8%'],
];
const payouts = sheetFunctions.TIEREDCOMMISSION(sales, tiers, 'marginal', 2, 'half-up', true);
for (const row of payouts) {
  console.log(row.map((cell) => (isSheetError(cell) ? `${cell.error} (${cell.message})` : cell)).join(' | '));
}

// Dates arrive as Excel serials, Google Sheets serials, ISO text or Dates: each is read as a calendar date.
console.log(
  'period keys:',
  sheetFunctions
    .PERIODKEY([[45366], ['2024-05-20']], 'quarter', 4)
    .flat()
    .join(', '),
);
console.log(
  'Sheets serial 45366 is',
  callSheetFunction('ISODATE', [[[45366]]], { dateSystem: 'sheets' })[0]![0],
);
console.log(
  'working days in October:',
  sheetFunctions.WORKINGDAYS('2024-10-01', '2024-10-31', holidays)[0]![0],
);
