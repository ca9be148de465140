import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemoryStorage } from '../adapters/memory/index';
import {
  defaultPeriodCloseSteps,
  type FiscalCalendar,
  fiscalCalendar,
  OpenSpmError,
  parsePeriodKey,
  periodContaining,
  periodTotalsStep,
  type RunPeriodCloseResult,
  runPeriodClose,
  targetAllocationStep,
  targetVarianceStep,
  toCalendarDate,
} from '../index';
import { type BuiltData, buildData } from './build';
import type { Lang } from './i18n';
import { type ColumnMap, parseColumnMap, type ReadTableResult, readTable, type TableKind } from './input';
import { days, grouped, loadReportModel, type ReportModel, renderHtml, targetTables } from './report';
import { formatTable } from './table';

/** Where the tool writes: stdout for the summary or JSON, stderr for problems and progress. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (the progress bar redraws one line then). */
  stderrIsTTY: boolean;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  stderrIsTTY: Boolean(process.stderr.isTTY),
};

/** Exit codes. */
export const EXIT = { ok: 0, invalidInput: 1, usage: 2, failure: 3 } as const;

/** The package version (src/cli and dist/cli are both two levels below package.json). */
const version = (): string => {
  try {
    return (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

const HELP = `openspm report — a sales performance report from CRM exports

Usage:
  openspm report --deals deals.csv --stages stages.csv --as-of 2024-12-31 --out report.html [options]

Inputs (CSV with a header line, or JSON arrays of objects):
  --deals FILE        deals: id, pipelineId, ownerId, teamId, accountId, amount, currency, createdAt,
                      expectedCloseDate, stageId (id or name), closedAt, source, product
  --stages FILE       stages: pipelineId, pipelineName, currency, id, name, order, kind (open|won|lost),
                      probability (0-1 or 40%), slaDays, rottingDays
  --history FILE      stage changes: dealId, fromStageId, toStageId, at (without it the funnel is
                      inferred from each deal's current stage)
  --activities FILE   activities: id, type, repId, dealId, accountId, at, durationMinutes, quality
  --payments FILE     payments: id, dealId, amount, currency, at
  --reps FILE         reps: id, name, teamId, teamName, role, hireDate, endDate (default: deal owners)
  --accounts FILE     accounts: id, name, grade, ownerId, region, industry
  --targets FILE      targets: id, period (FY2024-Q3, 2024-09…), scope (company|team|rep), scopeId,
                      metric (won-amount|collected-amount), amount, currency
  --scorecard FILE    a KPI scorecard (JSON); default: results and process, targets from --targets
  --plan FILE         a commission plan (JSON): payouts per rep in the report

Options:
  --as-of DATE        what is known (required): YYYY-MM-DD or an ISO date-time
  --period KEY        the period reported (default: the fiscal quarter containing --as-of)
  --out FILE          the HTML report to write
  --map A=B,...       column mapping: source column = model field (deals.deal_stage=stageId for one file)
  --lang en|zh-CN     report language (default en)
  --currency CODE     the currency of amounts without one (default: from the exports, else USD)
  --zone ZONE         the time zone that places instants on days (default UTC)
  --fiscal-year-start MONTH   first month of the fiscal year, 1-12 (default 1)
  --json              print the result as JSON on stdout instead of tables
  --strict            any bad row stops the run (no report)
  --quiet             no progress bar
  -h, --help          this help;  -v, --version  the version

Every bad row is reported on stderr with its file, line and reason; good rows are still used unless
--strict. Exit code: 0 all rows good, 1 some rows bad (or none usable), 2 usage error, 3 failure.
`;

const FILE_OPTIONS: [string, TableKind][] = [
  ['stages', 'stages'],
  ['deals', 'deals'],
  ['history', 'history'],
  ['reps', 'reps'],
  ['accounts', 'accounts'],
  ['activities', 'activities'],
  ['payments', 'payments'],
  ['targets', 'targets'],
];

class UsageError extends Error {}

/** A progress bar on stderr for inputs over a few thousand rows. */
function progressBar(io: CliIo, label: string, quiet: boolean) {
  let shown = false;
  let lastStep = -1;
  return {
    update(rows: number, fraction: number) {
      if (quiet || rows < 5000) return;
      const width = 30;
      const done = Math.round(fraction * width);
      const line = `${label.padEnd(12)} [${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(Math.round(fraction * 100)).padStart(3)}% ${rows} rows`;
      if (io.stderrIsTTY) io.stderr(`\r${line}`);
      else {
        const step = Math.floor(fraction * 4);
        if (step === lastStep) return;
        lastStep = step;
        io.stderr(`${line}\n`);
      }
      shown = true;
    },
    done() {
      if (shown && io.stderrIsTTY) io.stderr('\n');
    },
  };
}

interface RunSummary {
  ok: boolean;
  period: string;
  asOf: string;
  out: string | null;
  input: BuiltData['counts'];
  badRows: { file: string; line: number; unit: string; reason: string }[];
  notes: string[];
  dateFormats: Record<string, Record<string, string>>;
  closes: { period: string; steps: { name: string; results: number }[] }[];
  report: ReportModel | null;
}

/**
 * Runs the tool with command-line arguments (without `node` and the script) and returns the exit code.
 * Never calls `process.exit`, so tests can call it directly.
 */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`openspm: ${error.message}\nRun "openspm --help" for the options.\n`);
      return EXIT.usage;
    }
    if (error instanceof OpenSpmError) {
      io.stderr(`openspm: ${error.code}: ${error.message}\n`);
      return EXIT.invalidInput;
    }
    io.stderr(`openspm: ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT.failure;
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  const parse = () =>
    parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        deals: { type: 'string' },
        stages: { type: 'string' },
        history: { type: 'string' },
        activities: { type: 'string' },
        payments: { type: 'string' },
        reps: { type: 'string' },
        accounts: { type: 'string' },
        targets: { type: 'string' },
        scorecard: { type: 'string' },
        plan: { type: 'string' },
        'as-of': { type: 'string' },
        period: { type: 'string' },
        out: { type: 'string' },
        map: { type: 'string' },
        lang: { type: 'string' },
        currency: { type: 'string' },
        zone: { type: 'string' },
        'fiscal-year-start': { type: 'string' },
        json: { type: 'boolean' },
        strict: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  try {
    parsed = parse();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: o, positionals } = parsed;
  if (o.version) {
    io.stdout(`${version()}\n`);
    return EXIT.ok;
  }
  if (o.help || positionals.length === 0) {
    io.stdout(HELP);
    return positionals.length === 0 && !o.help ? EXIT.usage : EXIT.ok;
  }
  if (positionals[0] !== 'report' || positionals.length > 1)
    throw new UsageError(`unknown command "${positionals.join(' ')}" (the command is "report")`);
  if (!o.deals || !o.stages) throw new UsageError('--deals and --stages are required');
  if (!o['as-of']) throw new UsageError('--as-of is required (what is known, e.g. 2024-12-31)');
  if (!o.out && !o.json) throw new UsageError('--out report.html is required (or --json)');
  const lang: Lang =
    o.lang === undefined || o.lang === 'en'
      ? 'en'
      : o.lang === 'zh-CN' || o.lang === 'zh'
        ? 'zh-CN'
        : (() => {
            throw new UsageError(`--lang: "${o.lang}" is not supported (en or zh-CN)`);
          })();
  let map: ColumnMap;
  try {
    map = parseColumnMap(o.map);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const fyStart = o['fiscal-year-start'] === undefined ? undefined : Number(o['fiscal-year-start']);
  if (fyStart !== undefined && !(Number.isInteger(fyStart) && fyStart >= 1 && fyStart <= 12))
    throw new UsageError('--fiscal-year-start: expected a month number 1-12');
  let calendar: FiscalCalendar;
  try {
    calendar = fiscalCalendar({
      ...(o.zone ? { zone: o.zone } : {}),
      ...(fyStart ? { fiscalYearStartMonth: fyStart } : {}),
    });
  } catch (e) {
    throw new UsageError(`--zone/--fiscal-year-start: ${(e as Error).message}`);
  }
  const asOfText = o['as-of'];
  const asOf = new Date(/^\d{4}-\d{2}-\d{2}$/.test(asOfText) ? `${asOfText}T23:59:59.999Z` : asOfText);
  if (Number.isNaN(asOf.getTime())) throw new UsageError(`--as-of: "${asOfText}" is not a date (YYYY-MM-DD)`);
  const asOfDay = /^\d{4}-\d{2}-\d{2}$/.test(asOfText) ? asOfText : toCalendarDate(asOf, calendar.zone);
  // A date-only --as-of means the end of that day in the calendar's zone.
  const asOfInstant = /^\d{4}-\d{2}-\d{2}$/.test(asOfText) ? endOfDay(asOfText, calendar.zone) : asOf;
  let period: ReturnType<typeof parsePeriodKey>;
  try {
    period = o.period ? parsePeriodKey(o.period, calendar) : periodContaining('quarter', asOfDay, calendar);
  } catch (e) {
    throw new UsageError(`--period: ${(e as Error).message}`);
  }

  // Read every export.
  const tables: Partial<Record<TableKind, ReadTableResult>> = {};
  for (const [option, kind] of FILE_OPTIONS) {
    const file = o[option as keyof typeof o] as string | undefined;
    if (!file) continue;
    const bar = progressBar(io, basename(file), Boolean(o.quiet || o.json));
    try {
      tables[kind] = await readTable(file, kind, map, bar.update);
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code === 'ENOENT' || err.code === 'EISDIR' || err.code === 'EACCES')
        throw new UsageError(`--${option}: cannot read "${file}" (${err.code})`);
      throw e;
    } finally {
      bar.done();
    }
  }
  const readJson = async (option: string, file: string | undefined) => {
    if (!file) return undefined;
    try {
      return JSON.parse(await readFile(file, 'utf8')) as unknown;
    } catch (e) {
      throw new UsageError(`--${option}: "${file}" is not a readable JSON file (${(e as Error).message})`);
    }
  };
  const scorecard = await readJson('scorecard', o.scorecard);
  const plan = await readJson('plan', o.plan);

  const data = buildData(tables, { currency: o.currency, calendar });
  for (const b of data.bad)
    io.stderr(`${b.file}:${b.line}: ${b.unit === 'item' ? `item ${b.line}: ` : ''}${b.reason}\n`);
  if (data.bad.length > 0) {
    const perFile = data.counts
      .filter((c) => c.bad > 0)
      .map((c) => `${basename(c.file)} ${c.bad} of ${c.read}`)
      .join(', ');
    io.stderr(
      `${data.bad.length} bad row(s) (${perFile})${o.strict ? '; --strict: no report written' : '; the other rows were used'}\n`,
    );
  }
  for (const n of data.notes) io.stderr(`note: ${n}\n`);
  const summary: RunSummary = {
    ok: data.bad.length === 0,
    period: period.key,
    asOf: asOfInstant.toISOString(),
    out: null,
    input: data.counts,
    badRows: data.bad.map((b) => ({ file: b.file, line: b.line, unit: b.unit, reason: b.reason })),
    notes: data.notes,
    dateFormats: Object.fromEntries(
      Object.values(tables)
        .filter((t) => t && Object.keys(t.dateFormats).length > 0)
        .map((t) => [(t as ReadTableResult).file, (t as ReadTableResult).dateFormats]),
    ),
    closes: [],
    report: null,
  };
  const fail = () => {
    if (o.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
    return EXIT.invalidInput;
  };
  if (o.strict && data.bad.length > 0) return fail();
  if (data.pipelines.length === 0 || data.deals.length === 0) {
    io.stderr('openspm: no usable pipeline or deal: nothing to report\n');
    return fail();
  }

  // Load into the memory adapter and close the periods.
  const storage = createMemoryStorage();
  const tenantId = 'report';
  await storage.load?.(tenantId, {
    pipelines: data.pipelines,
    deals: data.deals,
    stageChanges: data.stageChanges,
    activities: data.activities,
    payments: data.payments,
    accounts: data.accounts,
    reps: data.reps,
    teams: data.teams,
  });
  for (const t of data.targets) await storage.save('targets', tenantId, t, 0);
  if (scorecard !== undefined) {
    const body = scorecard as { id?: string; name?: string; effectiveFrom?: string };
    await storage.save(
      'scorecards',
      tenantId,
      {
        id: String(body.id ?? 'scorecard'),
        name: String(body.name ?? 'Scorecard'),
        effectiveFrom: String(body.effectiveFrom ?? '1970-01-01'),
        body: scorecard as never,
      },
      0,
    );
  }
  if (plan !== undefined) {
    // The plan's own `effective` range is the document's (the incentives step requires them to agree).
    const body = plan as { id?: string; name?: string; effective?: { from?: string; to?: string } };
    const to = body.effective?.to;
    await storage.save(
      'plans',
      tenantId,
      {
        id: String(body.id ?? 'plan'),
        name: String(body.name ?? 'Plan'),
        effectiveFrom: String(body.effective?.from ?? '1970-01-01'),
        ...(to === undefined ? {} : { effectiveTo: String(to) }),
        body: plan as never,
      },
      0,
    );
  }
  const common = { tenantId, asOf: asOfInstant, calendar, currency: data.currency };
  // Targets vs actuals by period: every target period that started by asOf, besides the report period.
  const targetPeriods = [
    ...new Map(data.targets.map((t) => [(t.period as { key: string }).key, t.period])).values(),
  ]
    .filter((p) => (p as { start: string }).start <= asOfDay && (p as { key: string }).key !== period.key)
    .sort((a, b) => ((a as { start: string }).start < (b as { start: string }).start ? -1 : 1));
  const closes: RunPeriodCloseResult[] = [];
  for (const p of targetPeriods) {
    closes.push(
      await runPeriodClose(storage, {
        ...common,
        period: p as never,
        steps: [periodTotalsStep, targetAllocationStep, targetVarianceStep],
      }),
    );
  }
  closes.push(await runPeriodClose(storage, { ...common, period, steps: defaultPeriodCloseSteps() }));
  summary.closes = closes.map((c) => ({
    period: c.period.key,
    steps: c.steps.map((s) => ({ name: s.name, results: s.results })),
  }));
  const names = Object.fromEntries(data.reps.map((r) => [r.id, r.name]));
  const model = await loadReportModel(storage, {
    tenantId,
    period: period.key,
    periods: [...targetPeriods.map((p) => (p as { key: string }).key), period.key],
    asOf: asOfDay,
    currency: data.currency,
    names,
    sources: Object.values(tables).map((t) => basename((t as ReadTableResult).file)),
    plan: plan !== undefined,
    input: data.counts.map((c) => ({ ...c, file: basename(c.file) })),
  });
  summary.report = model;
  if (o.out) {
    await writeFile(o.out, renderHtml(model, lang), 'utf8');
    summary.out = o.out;
  }
  if (o.json) io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
  else io.stdout(terminalSummary(model, summary, lang));
  return data.bad.length > 0 ? EXIT.invalidInput : EXIT.ok;
}

/** The first instant after a calendar day in a zone, minus 1 ms: the end of that day. */
function endOfDay(day: string, zone: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);
  const nextDay = toCalendarDate(next, 'UTC');
  let lo = Date.parse(`${nextDay}T00:00:00Z`) - 36 * 3_600_000;
  let hi = Date.parse(`${nextDay}T00:00:00Z`) + 36 * 3_600_000;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (toCalendarDate(new Date(mid), zone) < nextDay) lo = mid;
    else hi = mid;
  }
  return new Date(hi - 1);
}

function terminalSummary(m: ReportModel, s: RunSummary, lang: Lang): string {
  const zh = lang === 'zh-CN';
  const blocks: string[] = [];
  blocks.push(
    formatTable(
      zh ? `输入 (${m.sources.join(', ')})` : `Input (${m.sources.join(', ')})`,
      zh ? ['文件', '类型', '行数', '已用', '已拒绝'] : ['file', 'kind', 'rows', 'used', 'bad'],
      m.input.map((i) => [i.file, i.kind, i.read, i.used, i.bad]),
    ),
  );
  blocks.push(
    formatTable(
      zh ? `概览 ${m.period}（截至 ${m.asOf}）` : `Summary ${m.period} (as of ${m.asOf})`,
      zh ? ['指标', '数值'] : ['figure', 'value'],
      [
        [zh ? '赢单' : 'won', `${m.totals.won}`],
        [zh ? '赢单金额' : 'won amount', `${grouped(m.totals.wonAmount)} ${m.currency}`],
        [zh ? '输单' : 'lost', `${m.totals.lost}`],
        [zh ? '赢单率' : 'win rate', m.totals.winRate?.text ?? 'n/a'],
        [zh ? '回款' : 'collected', `${grouped(m.totals.collectedAmount)} ${m.currency}`],
        [zh ? '在途商机' : 'open deals', `${m.totals.openDeals}`],
      ],
    ),
  );
  for (const f of m.funnels) {
    blocks.push(
      formatTable(
        `${zh ? '漏斗' : 'Funnel'} ${f.summary.pipelineName}${f.summary.top ? ` — ${zh ? '瓶颈' : 'bottleneck'}: ${f.summary.top.stageName}` : ''}`,
        zh
          ? ['阶段', '进入', '推进', '转化率', '累计', '停留中位数']
          : ['stage', 'entered', 'moved on', 'conversion', 'cumulative', 'median d'],
        f.rows.map((r) => [
          r.name,
          r.entered,
          r.kind === 'won' ? '' : r.movedOn,
          r.kind === 'won' ? '' : r.conversion.nextStep.text,
          r.conversion.cumulative.text,
          days(r.timeInStage.median),
        ]),
      ),
    );
  }
  const tt = targetTables(m);
  if (tt.byPeriod.length > 0) {
    blocks.push(
      formatTable(
        zh ? '目标与实际（按期间）' : 'Targets vs actuals by period',
        zh
          ? ['期间', '目标', '实际', '差额', '达成率']
          : ['period', 'target', 'actual', 'variance', 'attainment'],
        tt.byPeriod.map((p) => [
          p.period,
          grouped(p.target),
          grouped(p.actual),
          grouped(p.variance),
          p.attainment === null ? 'n/a' : `${(Number(p.attainment) * 100).toFixed(1)}%`,
        ]),
      ),
    );
  }
  if (m.scores.length > 0) {
    blocks.push(
      formatTable(
        zh ? `排行榜（前 10 名，共 ${m.scores.length} 人）` : `Leaderboard (top 10 of ${m.scores.length})`,
        zh
          ? ['名次', '销售', '得分', '等级', '优势', '待提升']
          : ['#', 'rep', 'score', 'rating', 'strengths', 'to develop'],
        m.scores
          .slice(0, 10)
          .map((r) => [
            r.rank ?? '',
            r.name ?? r.repId,
            r.display,
            r.rating ?? '',
            r.strengths.map((g) => g.name).join(', '),
            r.weaknesses.map((g) => g.name).join(', '),
          ]),
      ),
    );
  }
  if (m.payouts.length > 0) {
    blocks.push(
      formatTable(
        zh ? `提成 ${m.period}（${m.currency}）` : `Payouts ${m.period} (${m.currency})`,
        zh
          ? ['销售', '结算期', '计入业绩', '达成率', '应付提成', '方案']
          : ['rep', 'pay period', 'credited', 'attainment', 'payout', 'plan'],
        m.payouts.map((p) => [
          m.names[p.repId] ?? p.repId,
          p.payPeriod,
          grouped(p.credited),
          p.attainment === null ? 'n/a' : `${(Number(p.attainment) * 100).toFixed(1)}%`,
          grouped(p.payable),
          `${p.plan.id} v${p.plan.version}`,
        ]),
      ),
    );
  } else {
    blocks.push(
      m.plan
        ? zh
          ? '提成：本期没有提成结算单。'
          : 'Payouts: no payout statement for this period.'
        : zh
          ? '提成：提供 --plan plan.json 后显示。'
          : 'Payouts: shown when --plan plan.json is given.',
    );
  }
  const count = (sev: string) => m.warnings.filter((w) => w.severity === sev).length;
  blocks.push(
    zh
      ? `预警：严重 ${count('critical')}，警告 ${count('warning')}，提示 ${count('info')}`
      : `Warnings: ${count('critical')} critical, ${count('warning')} warning, ${count('info')} info`,
  );
  blocks.push(
    s.badRows.length > 0
      ? zh
        ? `${s.badRows.length} 行数据有误（见上方 stderr），其余已使用。`
        : `${s.badRows.length} bad row(s) (listed on stderr); the other rows were used.`
      : zh
        ? '所有行均有效。'
        : 'All rows valid.',
  );
  if (s.out) blocks.push(zh ? `报告已写入 ${s.out}` : `Report written to ${s.out}`);
  return `${blocks.join('\n\n')}\n`;
}
