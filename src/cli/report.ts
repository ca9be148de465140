import { barChart, escapeXml, funnelChart } from '../charts/index';
import type { StorageAdapter, StoredResult } from '../index';
import { fill, type Lang, strings } from './i18n';

interface MoneyJson {
  amount: string;
  currency: string;
}
interface RateJson {
  numerator: number;
  denominator: number;
  rate: number | null;
  text: string;
}
interface BottleneckJson {
  stageId: string;
  stageName: string;
  metric: 'conversion' | 'timeInStage';
  current: number;
  baseline: number;
  gap: number;
  currentSample: number;
  explanation: string;
}
/** A funnel row as stored by the `funnel` step. */
export interface FunnelRowJson {
  pipelineId: string;
  pipelineName: string;
  order: number;
  id: string;
  name: string;
  kind: string;
  entered: number;
  movedOn: number;
  lost: number;
  open: number;
  conversion: { nextStep: RateJson; cumulative: RateJson; dropOff: RateJson };
  timeInStage: { median: number | null; p90: number | null; sampleSize: number };
  bottleneck: boolean;
}
interface FunnelSummaryJson {
  pipelineId: string;
  pipelineName: string;
  deals: { total: number; won: number; lost: number; open: number };
  winRate: { wonOfClosed: RateJson };
  top: BottleneckJson | null;
}
interface KpiJson {
  kpiId: string;
  name: string;
  display: string;
  value: number | null;
  target: number | null;
}
interface GapJson {
  kpiId: string;
  name: string;
}
/** A KPI score as stored by the `kpi-score` step. */
export interface ScoreJson {
  repId: string;
  name: string | null;
  teamId: string | null;
  rank: number | null;
  display: string;
  rating: string | null;
  total: string | null;
  kpis: KpiJson[];
  strengths: GapJson[];
  weaknesses: GapJson[];
  scorecard: { id: string; name: string; version: string };
  targetSource?: string;
}
interface VarianceJson {
  metric: string;
  repId: string;
  period: string;
  target: MoneyJson;
  achieved: MoneyJson;
  variance: MoneyJson;
  attainment: string | null;
  reason: string | null;
}
/** A warning as stored by the `warnings` step. */
export interface WarningJson {
  id: string;
  code: string;
  severity: 'critical' | 'warning' | 'info';
  subject: { kind: string; id: string; name: string };
  message: Record<string, string>;
  action: Record<string, string>;
}

/** A payout per payee, pay period and plan, read back from a stored `payout-statement` result. */
export interface PayoutJson {
  repId: string;
  payPeriod: string;
  plan: { id: string; version: number; document: { id: string; version: number; name: string } };
  /** Sum of the credited amounts on the statement's lines (decimal string, statement currency). */
  credited: string;
  /** Attainment of the first attainment-based component (ratio as a decimal string), or null. */
  attainment: string | null;
  /** Why attainment is not applicable, when it is null. */
  attainmentReason?: string;
  earned: string;
  payable: string;
  currency: string;
}

/** Everything the report shows, read back from the period close's stored results. */
export interface ReportModel {
  period: string;
  asOf: string;
  currency: string;
  sources: string[];
  totals: {
    won: number;
    wonAmount: string;
    lost: number;
    winRate: RateJson | null;
    collectedAmount: string;
    openDeals: number;
    openAmount: string;
  };
  funnels: { summary: FunnelSummaryJson; rows: FunnelRowJson[] }[];
  targets: { periods: string[]; rows: VarianceJson[] };
  scores: ScoreJson[];
  warnings: WarningJson[];
  payouts: PayoutJson[];
  names: Record<string, string>;
  plan: boolean;
  input: { file: string; kind: string; read: number; used: number; bad: number }[];
}

const pay = <T>(r: StoredResult): T => r.payload as unknown as T;

async function allResults(storage: StorageAdapter, tenantId: string): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const page of storage.read('results', { tenantId })) out.push(...page);
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const sumText = (values: string[]) => {
  // Exact decimal sum of two-decimal amounts: in integer minor units (cents), as BigInt.
  let scale = 0;
  for (const v of values) scale = Math.max(scale, (v.split('.')[1] ?? '').length);
  let total = 0n;
  for (const v of values) {
    const [i, f = ''] = v.replace('-', '').split('.');
    const minor = BigInt(`${i}${f.padEnd(scale, '0')}`);
    total += v.startsWith('-') ? -minor : minor;
  }
  const neg = total < 0n;
  const s = (neg ? -total : total).toString().padStart(scale + 1, '0');
  return `${neg ? '-' : ''}${scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`}`;
};

/** Reads the report's content from the stored results of the closes. */
export async function loadReportModel(
  storage: StorageAdapter,
  options: {
    tenantId: string;
    period: string;
    periods: string[];
    asOf: string;
    currency: string;
    names: Record<string, string>;
    sources: string[];
    plan: boolean;
    input: ReportModel['input'];
  },
): Promise<ReportModel> {
  const results = await allResults(storage, options.tenantId);
  const of = (kind: string, period = options.period) =>
    results.filter((r) => r.kind === kind && r.periodKey === period);
  const company = of('period-total').find((r) => r.subjectId === undefined || r.subjectId === null)
    ?.payload as
    | {
        won: { deals: number; amount: MoneyJson };
        lost: { deals: number };
        collected: { amount: MoneyJson };
        winRate: RateJson;
      }
    | undefined;
  const snapshot = of('pipeline-snapshot').map((r) => pay<{ deals: number; amount: MoneyJson }>(r));
  const funnels = of('funnel-summary').map((s) => {
    const summary = pay<FunnelSummaryJson>(s);
    const rows = of('funnel-stage')
      .map((r) => pay<FunnelRowJson>(r))
      .filter((r) => r.pipelineId === summary.pipelineId)
      .sort((a, b) => a.order - b.order);
    return { summary, rows };
  });
  const variance = options.periods.flatMap((p) => of('target-variance', p).map((r) => pay<VarianceJson>(r)));
  const scores = of('kpi-score')
    .map((r) => pay<ScoreJson>(r))
    .sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9) || (a.repId < b.repId ? -1 : 1));
  const order = { critical: 0, warning: 1, info: 2 };
  const warnings = of('warning')
    .map((r) => pay<WarningJson>(r))
    .sort((a, b) => order[a.severity] - order[b.severity] || (a.id < b.id ? -1 : 1));
  const payouts = of('payout-statement')
    .map((r) => {
      const p = pay<{
        planDocument: { id: string; version: number; name: string };
        statement: {
          payeeId: string;
          period: { key: string };
          plan: { id: string; version: number };
          currency: string;
          attainment: { attainment: string | null; reason?: string }[];
          lines: { credited?: MoneyJson }[];
          totals: { earned: MoneyJson; payable: MoneyJson };
        };
      }>(r);
      const st = p.statement;
      const att = st.attainment[0];
      const row: PayoutJson = {
        repId: st.payeeId,
        payPeriod: st.period.key,
        plan: { id: st.plan.id, version: st.plan.version, document: p.planDocument },
        credited: sumText(st.lines.flatMap((l) => (l.credited ? [l.credited.amount] : [])).concat('0')),
        attainment: att?.attainment ?? null,
        earned: st.totals.earned.amount,
        payable: st.totals.payable.amount,
        currency: st.currency,
      };
      if (att?.reason) row.attainmentReason = att.reason;
      return row;
    })
    .sort((a, b) => Number(b.payable) - Number(a.payable) || (a.repId < b.repId ? -1 : 1));
  const readWinRate = company?.winRate as unknown as {
    ratio?: string | null;
    numerator: string;
    denominator: string;
  };
  return {
    period: options.period,
    asOf: options.asOf,
    currency: options.currency,
    sources: options.sources,
    totals: {
      won: company?.won.deals ?? 0,
      wonAmount: company?.won.amount.amount ?? '0',
      lost: company?.lost.deals ?? 0,
      winRate: readWinRate
        ? {
            numerator: Number(readWinRate.numerator),
            denominator: Number(readWinRate.denominator),
            rate: readWinRate.ratio == null ? null : Number(readWinRate.ratio),
            text:
              readWinRate.ratio == null
                ? 'n/a'
                : `${(Number(readWinRate.ratio) * 100).toFixed(1)}% (${readWinRate.numerator}/${readWinRate.denominator})`,
          }
        : null,
      collectedAmount: company?.collected.amount.amount ?? '0',
      openDeals: snapshot.reduce((a, s) => a + s.deals, 0),
      openAmount: sumText(snapshot.map((s) => s.amount.amount).concat('0')),
    },
    funnels,
    targets: { periods: options.periods, rows: variance },
    scores,
    warnings,
    payouts,
    names: options.names,
    plan: options.plan,
    input: options.input,
  };
}

/** 1234567.5 → '1,234,567.50' (display only). */
export function grouped(amount: string, decimals = 2): string {
  const neg = amount.startsWith('-');
  const [i = '0', f = ''] = amount.replace('-', '').split('.');
  const frac = f.padEnd(decimals, '0').slice(0, decimals);
  return `${neg ? '-' : ''}${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${decimals > 0 ? `.${frac}` : ''}`;
}

/** Days for display: at most one decimal. */
export const days = (n: number | null): string => (n === null ? '' : String(Math.round(n * 10) / 10));

const pct = (ratio: string | null) => (ratio === null ? 'n/a' : `${(Number(ratio) * 100).toFixed(1)}%`);

/** The report's targets table rows: per period (company) and per rep for the report period. */
export function targetTables(m: ReportModel) {
  const won = m.targets.rows.filter((r) => r.metric === 'won-amount');
  const rows = won.length > 0 ? won : m.targets.rows;
  const byPeriod = m.targets.periods
    .map((p) => {
      const rs = rows.filter((r) => r.period === p);
      if (rs.length === 0) return undefined;
      const target = sumText(rs.map((r) => r.target.amount));
      const actual = sumText(rs.map((r) => r.achieved.amount));
      const attainment = Number(target) === 0 ? null : String(Number(actual) / Number(target));
      return {
        period: p,
        metric: rs[0]?.metric ?? '',
        target,
        actual,
        variance: sumText([actual, `-${target}`].map((v) => v.replace('--', ''))),
        attainment,
      };
    })
    .filter((x): x is NonNullable<typeof x> => x !== undefined);
  const byRep = rows
    .filter((r) => r.period === m.period)
    .sort((a, b) => Number(b.attainment ?? -1) - Number(a.attainment ?? -1) || (a.repId < b.repId ? -1 : 1));
  return { byPeriod, byRep };
}

const CSS = `
:root{--fg:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#fff;--card:#f9fafb;--crit:#dc2626;--warn:#d97706;--info:#2563eb}
*{box-sizing:border-box}body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei",sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1040px;margin:0 auto;padding:24px}h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:2px solid var(--line);padding-bottom:4px}h3{font-size:15px;margin:16px 0 6px}
.meta,.note{color:var(--muted);font-size:12px}.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:18px}table{border-collapse:collapse;width:100%;margin:8px 0;font-size:13px}th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.callout{border-left:4px solid var(--crit);background:#fef2f2;padding:8px 12px;margin:8px 0;border-radius:0 6px 6px 0}
.sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff}.sev.critical{background:var(--crit)}.sev.warning{background:var(--warn)}.sev.info{background:var(--info)}
.tag{display:inline-block;border-radius:4px;padding:0 5px;margin:1px 2px;font-size:12px}.tag.s{background:#dcfce7}.tag.w{background:#fee2e2}svg{max-width:100%;height:auto}
.placeholder{border:1px dashed var(--line);padding:12px;color:var(--muted);border-radius:6px}@media print{main{padding:0}h2{break-after:avoid}}
`;

/**
 * The report as one self-contained HTML file: inline CSS and SVG, no script, nothing loaded from the
 * network. Sections carry `id`s (`funnel`, `targets`, `leaderboard`, `payouts`, `warnings`).
 */
export function renderHtml(m: ReportModel, lang: Lang): string {
  const t = strings(lang);
  const e = escapeXml;
  const name = (id: string) => m.names[id] ?? id;
  const money = (a: string) => `${grouped(a)} ${m.currency}`;
  const out: string[] = [];
  out.push(
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">`,
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${e(t.title)} ${e(m.period)}</title><style>${CSS}</style></head><body><main>`,
    `<h1>${e(t.title)}</h1><div class="meta">${e(t.period)}: <b>${e(m.period)}</b> · ${e(t.asOf)}: ${e(m.asOf)} · ${e(t.generatedFrom)} ${e(m.sources.join(', '))}</div>`,
  );
  const wr = m.totals.winRate;
  out.push(
    `<section id="summary"><div class="cards">`,
    `<div class="card">${e(t.won)}<b>${m.totals.won} · ${e(money(m.totals.wonAmount))}</b></div>`,
    `<div class="card">${e(t.lost)}<b>${m.totals.lost}</b></div>`,
    `<div class="card">${e(t.winRate)}<b>${e(wr?.text ?? 'n/a')}</b></div>`,
    `<div class="card">${e(t.collected)}<b>${e(money(m.totals.collectedAmount))}</b></div>`,
    `<div class="card">${e(t.openPipeline)}<b>${m.totals.openDeals} · ${e(money(m.totals.openAmount))}</b></div>`,
    `</div></section>`,
  );

  // Funnel.
  out.push(`<section id="funnel"><h2>${e(t.funnel)}</h2><p class="note">${e(t.funnelNote)}</p>`);
  if (m.funnels.every((f) => f.rows.every((r) => r.entered === 0))) out.push(`<p>${e(t.noFunnel)}</p>`);
  for (const f of m.funnels) {
    if (m.funnels.length > 1) out.push(`<h3>${e(f.summary.pipelineName)}</h3>`);
    const top = f.summary.top;
    const open = f.rows.filter((r) => r.kind === 'open' && r.conversion.nextStep.rate !== null);
    const lowest = [...open].sort(
      (a, b) => (a.conversion.nextStep.rate ?? 1) - (b.conversion.nextStep.rate ?? 1),
    )[0];
    const flagged = top?.stageId ?? lowest?.id;
    out.push(
      funnelChart(
        f.rows.map((r) => ({
          label: r.name,
          value: r.entered,
          note:
            r.kind === 'won'
              ? `${r.conversion.cumulative.text}`
              : `${r.conversion.nextStep.text}${r.timeInStage.median === null ? '' : ` · ${days(r.timeInStage.median)} ${t.days}`}`,
          highlight: r.id === flagged,
        })),
        { title: `${t.funnel} ${f.summary.pipelineName}`, width: 760 },
      ),
    );
    if (top) {
      const text =
        top.metric === 'conversion'
          ? fill(t.bottleneckConversion, {
              current: `${(top.current * 100).toFixed(1)}%`,
              baseline: `${(top.baseline * 100).toFixed(1)}%`,
              gap: (top.gap * 100).toFixed(1),
              n: top.currentSample,
            })
          : fill(t.bottleneckTime, {
              current: days(top.current),
              baseline: days(top.baseline),
              n: top.currentSample,
            });
      out.push(
        `<div class="callout" id="bottleneck"><b>${e(t.bottleneck)}: ${e(top.stageName)}</b> — ${e(text)}</div>`,
      );
    } else if (lowest) {
      out.push(
        `<div class="callout" id="bottleneck">${e(t.lowestConversion)} <b>${e(lowest.name)}</b>: ${e(lowest.conversion.nextStep.text)}</div>`,
      );
    }
    out.push(
      `<table class="funnel-table"><thead><tr><th>${e(t.stage)}</th><th class="n">${e(t.entered)}</th><th class="n">${e(t.movedOn)}</th><th class="n">${e(t.conversion)}</th><th class="n">${e(t.cumulative)}</th><th class="n">${e(t.medianDays)}</th><th class="n">${e(t.p90Days)}</th></tr></thead><tbody>`,
      ...f.rows.map(
        (r) =>
          `<tr${r.id === flagged ? ' class="hot"' : ''}><td>${e(r.name)}</td><td class="n">${r.entered}</td><td class="n">${r.kind === 'won' ? '' : r.movedOn}</td><td class="n">${r.kind === 'won' ? '' : e(r.conversion.nextStep.text)}</td><td class="n">${e(r.conversion.cumulative.text)}</td><td class="n">${days(r.timeInStage.median)}</td><td class="n">${days(r.timeInStage.p90)}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</section>');

  // Targets.
  const tt = targetTables(m);
  out.push(`<section id="targets"><h2>${e(t.targets)}</h2>`);
  if (tt.byPeriod.length === 0) out.push(`<p>${e(t.noTargets)}</p>`);
  else {
    out.push(
      `<h3>${e(t.byPeriod)}</h3>`,
      barChart(
        tt.byPeriod.map((p) => ({
          label: p.period,
          value: Number(p.actual),
          target: Number(p.target),
          text: `${grouped(p.actual, 0)} / ${grouped(p.target, 0)} (${pct(p.attainment)})`,
        })),
        { title: `${t.targets} ${t.byPeriod}`, width: 760 },
      ),
      `<h3>${e(t.byRep)} · ${e(m.period)}</h3>`,
      barChart(
        tt.byRep.map((r) => ({
          label: name(r.repId),
          value: Number(r.achieved.amount),
          target: Number(r.target.amount),
          text: `${grouped(r.achieved.amount, 0)} / ${grouped(r.target.amount, 0)} (${pct(r.attainment)})`,
          highlight: r.attainment !== null && Number(r.attainment) >= 1,
        })),
        { title: `${t.targets} ${t.byRep}`, width: 760, rowHeight: 22 },
      ),
      `<table><thead><tr><th>${e(t.rep)}</th><th class="n">${e(t.target)}</th><th class="n">${e(t.actual)}</th><th class="n">${e(t.variance)}</th><th class="n">${e(t.attainment)}</th></tr></thead><tbody>`,
      ...tt.byRep.map(
        (r) =>
          `<tr><td>${e(name(r.repId))}</td><td class="n">${grouped(r.target.amount)}</td><td class="n">${grouped(r.achieved.amount)}</td><td class="n">${grouped(r.variance.amount)}</td><td class="n">${pct(r.attainment)}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</section>');

  // Leaderboard.
  out.push(`<section id="leaderboard"><h2>${e(t.leaderboard)}</h2>`);
  if (m.scores.length === 0) out.push(`<p>${e(t.noScores)}</p>`);
  else {
    const sc = m.scores[0]?.scorecard;
    const kpis = m.scores[0]?.kpis ?? [];
    out.push(
      `<p class="note">${e(t.scorecard)}: ${e(sc?.name ?? '')} v${e(sc?.version ?? '')}. ${e(t.leaderboardNote)}</p>`,
      `<table class="leaderboard"><thead><tr><th class="n">${e(t.rank)}</th><th>${e(t.rep)}</th>${kpis.map((k) => `<th class="n">${e(k.name)}</th>`).join('')}<th class="n">${e(t.total)}</th><th>${e(t.rating)}</th><th>${e(t.strengths)} / ${e(t.weaknesses)}</th></tr></thead><tbody>`,
      ...m.scores.map(
        (s) =>
          `<tr class="leader-row" data-rep="${e(s.repId)}"><td class="n">${s.rank ?? ''}</td><td>${e(s.name ?? name(s.repId))}</td>${s.kpis.map((k) => `<td class="n">${e(k.display)}</td>`).join('')}<td class="n"><b>${e(s.display)}</b></td><td>${e(s.rating ?? '')}</td><td>${s.strengths.map((g) => `<span class="tag s">▲ ${e(g.name)}</span>`).join('')}${s.weaknesses.map((g) => `<span class="tag w">▼ ${e(g.name)}</span>`).join('')}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</section>');

  // Payouts.
  out.push(`<section id="payouts"><h2>${e(t.payouts)}</h2>`);
  if (m.payouts.length === 0) {
    out.push(`<p class="placeholder">${e(m.plan ? t.payoutsNone : t.payoutsNoPlan)}</p>`);
  } else {
    const cur = (p: PayoutJson) => (p.currency === m.currency ? '' : ` ${p.currency}`);
    out.push(
      `<p class="note">${e(t.payoutsNote)}</p>`,
      barChart(
        m.payouts.map((p) => ({
          label: name(p.repId),
          value: Number(p.payable),
          text: `${grouped(p.payable)}${cur(p)} (${pct(p.attainment)})`,
          highlight: p.attainment !== null && Number(p.attainment) >= 1,
        })),
        { title: `${t.payouts} ${m.period}`, width: 760, rowHeight: 22 },
      ),
      `<table class="payouts"><thead><tr><th>${e(t.rep)}</th><th>${e(t.payPeriod)}</th><th class="n">${e(t.credited)}</th><th class="n">${e(t.attainment)}</th><th class="n">${e(t.payout)}</th><th>${e(t.planVersion)}</th></tr></thead><tbody>`,
      ...m.payouts.map(
        (p) =>
          `<tr class="payout-row" data-rep="${e(p.repId)}"><td>${e(name(p.repId))}</td><td>${e(p.payPeriod)}</td><td class="n">${grouped(p.credited)}${e(cur(p))}</td><td class="n">${pct(p.attainment)}</td><td class="n"><b>${grouped(p.payable)}${e(cur(p))}</b></td><td>${e(p.plan.document.name)} v${p.plan.version}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</section>');

  // Warnings.
  out.push(`<section id="warnings"><h2>${e(t.warnings)}</h2>`);
  if (m.warnings.length === 0) out.push(`<p>${e(t.noWarnings)}</p>`);
  const LIMIT = 25;
  for (const sev of ['critical', 'warning', 'info'] as const) {
    const list = m.warnings.filter((w) => w.severity === sev);
    if (list.length === 0) continue;
    out.push(
      `<h3><span class="sev ${sev}">${e(t[sev])}</span> ${list.length}</h3><table class="warnings ${sev}"><tbody>`,
      ...list
        .slice(0, LIMIT)
        .map(
          (w) =>
            `<tr data-code="${e(w.code)}"><td>${e(w.message[lang] ?? w.message.en ?? w.code)}</td><td class="note">${e(t.action)}: ${e(w.action[lang] ?? w.action.en ?? '')}</td></tr>`,
        ),
      list.length > LIMIT
        ? `<tr><td colspan="2" class="note">… ${list.length - LIMIT} ${e(t.more)}</td></tr>`
        : '',
      '</tbody></table>',
    );
  }
  out.push('</section>');

  // Input.
  out.push(
    `<section id="input"><h2>${e(t.dataQuality)}</h2><table><thead><tr><th>${e(t.file)}</th><th class="n">${e(t.rows)}</th><th class="n">${e(t.used)}</th><th class="n">${e(t.rejected)}</th></tr></thead><tbody>`,
    ...m.input.map(
      (i) =>
        `<tr><td>${e(i.file)}</td><td class="n">${i.read}</td><td class="n">${i.used}</td><td class="n">${i.bad}</td></tr>`,
    ),
    '</tbody></table></section></main></body></html>\n',
  );
  return out.join('\n');
}
