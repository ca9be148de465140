/**
 * Writes the sample CRM export set in examples/cli/sample/ from openspm's seeded sample CRM:
 * `npx tsx examples/cli/generate.ts`. The files look like a CRM's CSV exports: snake_case headers,
 * US dates (M/D/YYYY h:mm AM) in the deals file, stage names instead of ids, a `deal_stage` column
 * that needs `--map deal_stage=stageId`.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Money, parsePeriodKey, toCalendarDate } from 'openspm';
import { generateSampleData, SeededRandom } from 'openspm/testing';

/** The sample export set: file name → CSV text (deterministic: the same seed gives the same files). */
export function sampleExport(): Map<string, string> {
  const files = new Map<string, string>();
  const data = generateSampleData({ seed: 2024, reps: 12, deals: 300, accounts: 60 });

  const cell = (v: unknown): string => {
    if (v === undefined || v === null) return '';
    const s = v instanceof Date ? v.toISOString() : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const write = (name: string, header: string[], rows: unknown[][]) => {
    const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n');
    files.set(name, `${text}\r\n`);
  };
  // 3/7/2024 2:05 PM, as a US CRM exports it (UTC).
  const us = (d: Date | undefined) => {
    if (!d) return '';
    const h = d.getUTCHours();
    const m = String(d.getUTCMinutes()).padStart(2, '0');
    return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 || 12}:${m} ${h < 12 ? 'AM' : 'PM'}`;
  };

  const pipeline = data.pipelines[0]!;
  const stageName = new Map(pipeline.stages.map((s) => [s.id, s.name]));
  write(
    'stages.csv',
    [
      'pipeline_id',
      'pipeline_name',
      'currency',
      'id',
      'name',
      'order',
      'kind',
      'probability',
      'rotting_days',
    ],
    data.pipelines.flatMap((p) =>
      p.stages.map((s) => [
        p.id,
        p.name,
        data.currency,
        s.id,
        s.name,
        s.order,
        s.kind,
        s.probability,
        s.rottingDays,
      ]),
    ),
  );
  write(
    'deals.csv',
    [
      'id',
      'pipeline_id',
      'owner_id',
      'team_id',
      'account_id',
      'source',
      'product',
      'amount',
      'currency',
      'created_at',
      'expected_close_date',
      'deal_stage',
      'closed_at',
    ],
    data.deals.map((d) => [
      d.id,
      d.pipelineId,
      d.ownerId,
      d.teamId,
      d.accountId,
      d.source,
      d.product,
      d.amount.amount.toFixed(2),
      d.amount.currency,
      us(d.createdAt),
      us(d.expectedCloseDate),
      stageName.get(d.stageId),
      us(d.closedAt),
    ]),
  );
  write(
    'stage_history.csv',
    ['deal_id', 'from_stage_id', 'to_stage_id', 'at'],
    (data.stageChanges ?? []).map((c) => [c.dealId, c.fromStageId, c.toStageId, c.at]),
  );
  write(
    'reps.csv',
    ['id', 'name', 'team_id', 'team_name', 'role', 'hire_date', 'end_date'],
    (data.reps ?? []).map((r) => [
      r.id,
      r.name,
      r.teamId,
      data.teams?.find((t) => t.id === r.teamId)?.name,
      r.role,
      toCalendarDate(r.hireDate),
      r.endDate ? toCalendarDate(r.endDate) : '',
    ]),
  );
  write(
    'activities.csv',
    ['id', 'type', 'rep_id', 'deal_id', 'account_id', 'at', 'duration_minutes', 'quality'],
    (data.activities ?? []).map((a) => [
      a.id,
      a.type,
      a.repId,
      a.dealId,
      a.accountId,
      a.at,
      a.durationMinutes,
      a.quality,
    ]),
  );
  write(
    'payments.csv',
    ['id', 'deal_id', 'amount', 'currency', 'at'],
    (data.payments ?? []).map((p) => [p.id, p.dealId, p.amount.amount.toFixed(2), p.amount.currency, p.at]),
  );
  write(
    'accounts.csv',
    ['id', 'name', 'grade', 'owner_id', 'region', 'industry'],
    (data.accounts ?? []).map((a) => [a.id, a.name, a.grade, a.ownerId, a.region, a.industry]),
  );

  // Targets: the company's won amount per quarter of FY2024, set around what was won (×0.9–1.3, to
  // the thousand), and each regional team's for Q4 (the team's share of the company target, by its reps).
  const random = new SeededRandom(7);
  const wonIn = (key: string) => {
    const q = parsePeriodKey(key);
    return Money.sum(
      data.deals
        .filter((d) => d.stageId === 'won' && d.closedAt)
        .filter((d) => {
          const day = toCalendarDate(d.closedAt!);
          return day >= q.start && day < q.end;
        })
        .map((d) => d.amount),
      data.currency!,
    );
  };
  const thousands = (m: Money, f: number) =>
    String(Math.max(1, Math.round((Number(m.amount) * f) / 1000)) * 1000);
  const rows: unknown[][] = [];
  for (const q of ['FY2024-Q1', 'FY2024-Q2', 'FY2024-Q3', 'FY2024-Q4']) {
    rows.push([
      `T-${q}`,
      q,
      'company',
      '',
      'won-amount',
      thousands(wonIn(q), 0.9 + random.next() * 0.4),
      data.currency,
    ]);
  }
  const q4 = Number(rows[3]![5]);
  const teams = [...new Set((data.reps ?? []).filter((r) => r.role === 'rep').map((r) => r.teamId))].sort();
  const size = (t: string) => (data.reps ?? []).filter((r) => r.role === 'rep' && r.teamId === t).length;
  const all = teams.reduce((a, t) => a + size(t), 0);
  for (const t of teams) {
    rows.push([
      `T-FY2024-Q4-${t}`,
      'FY2024-Q4',
      'team',
      t,
      'won-amount',
      String(Math.round((q4 * size(t)) / all / 1000) * 1000),
      data.currency,
    ]);
  }
  write('targets.csv', ['id', 'period', 'scope', 'scope_id', 'metric', 'amount', 'currency'], rows);
  files.set('plan.json', `${JSON.stringify(SAMPLE_PLAN, null, 2)}\n`);
  return files;
}

/**
 * The sample commission plan (`plan.json`): reps paid quarterly, in CNY like the export, a marginal tiered
 * commission on quarterly attainment of their won-amount quota (the company target split by the close).
 */
export const SAMPLE_PLAN = {
  id: 'reps-2024',
  version: 1,
  name: 'Sales reps 2024',
  currency: 'CNY',
  effective: { from: '2024-01-01' },
  payPeriod: 'quarter',
  rounding: { mode: 'half-even', stage: 'line' },
  components: [
    {
      id: 'commission',
      name: 'Commission on won deals',
      type: 'commission',
      attainmentPeriod: 'quarter',
      rates: {
        type: 'tiered',
        on: 'attainment',
        mode: 'marginal',
        tiers: [
          { from: 0, to: 1, rate: '0.04' },
          { from: 1, to: '1.5', rate: '0.06' },
          { from: '1.5', rate: '0.08' },
        ],
      },
    },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const out = new URL('./sample/', import.meta.url);
  for (const [name, text] of sampleExport()) {
    writeFileSync(new URL(name, out), text);
    console.log(name.endsWith('.csv') ? `${name}: ${text.trimEnd().split('\r\n').length - 1} rows` : name);
  }
}
