import { ErrorCode, issue, type OpenSpmIssue } from '../errors';
import type { Account, Dataset, Pipeline, Rep, Stage, Team } from '../model/index';
import { Money } from '../money/index';
import {
  type CalendarPeriodKind,
  dayNumber,
  type FiscalCalendar,
  type FiscalCalendarOptions,
  type Period,
  periodContaining,
  toCalendarDate,
} from '../period/index';
import { render, WARNING_MESSAGES } from './messages';
import type { ParsedOptions, ParsedRules } from './options';
import type {
  AnomalyWarning,
  DiagnosticCode,
  WarningCode,
  WarningDiagnostic,
  WarningEvidence,
  WarningRule,
  WarningSubject,
} from './types';

/** Milliseconds in a day. @internal */
export const DAY = 86_400_000;

/** A pipeline ready for lookups. @internal */
export interface PipelineInfo {
  readonly pipeline: Pipeline;
  readonly stages: ReadonlyMap<string, Stage>;
  /** Open stages sorted by order. */
  readonly open: readonly Stage[];
}

/** FNV-1a over UTF-16 code units with a given offset basis; 32 bits. */
function fnv(text: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A stable 64-bit hash of a text as 16 hex digits. @internal */
export function stableHash(text: string): string {
  return (
    fnv(text, 0x811c9dc5).toString(16).padStart(8, '0') + fnv(text, 0x050c5d1f).toString(16).padStart(8, '0')
  );
}

/** What a rule passes to {@link Context.emit}. @internal */
export interface Emitted {
  readonly code: WarningCode;
  readonly subject: WarningSubject;
  readonly period?: Period | null;
  /** What identifies this occurrence, beyond code and subject (an entry time, a due date, a period key). */
  readonly episode: string;
  readonly evidence: WarningEvidence;
  readonly params: Readonly<Record<string, string | number>>;
}

/**
 * The dataset indexed once for all rules: deals by id, each deal's stage changes in time order up to `asOf`, the
 * deal's stage and open state at `asOf`, the last activity per deal. @internal
 */
export class Context {
  readonly asOfMs: number;
  readonly zone: string;
  readonly calendar: FiscalCalendar | FiscalCalendarOptions | undefined;
  readonly periodKind: CalendarPeriodKind;
  /** The current period of `periodKind`. */
  readonly period: Period;
  readonly currency: string | undefined;
  readonly pipelines = new Map<string, PipelineInfo>();
  readonly dealIndex = new Map<string, number>();
  readonly reps = new Map<string, Rep>();
  readonly teams = new Map<string, Team>();
  readonly accounts = new Map<string, Account>();
  /** `changeOrder[changeStart[i] .. changeStart[i + 1])`: indexes of deal i's changes at or before asOf, in time order. */
  readonly changeStart: Int32Array;
  readonly changeOrder: Int32Array;
  /** Stage of each deal at asOf (`null` when the deal did not exist yet or its stage cannot be known). */
  readonly stageAt: (string | null)[];
  /** When the deal entered `stageAt`. */
  readonly enteredAt: Float64Array;
  /** 1 when the deal existed and was open at asOf. */
  readonly openAt: Uint8Array;
  /** Last activity on each deal at or before asOf (NaN when none). */
  readonly lastActivity: Float64Array;
  /** First activity on each deal at or before asOf (NaN when none). */
  readonly firstActivity: Float64Array;
  /** Time of each activity (ms), aligned with `data.activities`. */
  readonly activityAt: Float64Array;
  /** Deal index of each activity, -1 when it has none or an unknown one. */
  readonly activityDeal: Int32Array;
  /** Index in `data.accounts` of each activity's account (its own, else its deal's); -1 when none or unknown. */
  readonly activityAccount: Int32Array;
  /** Account id → index in `data.accounts`. */
  readonly accountIndex = new Map<string, number>();
  /** Indexes of activities with custom fields (where a log time can be). */
  readonly activitiesWithCustom: number[] = [];
  /** Time of each stage change (ms), aligned with `data.stageChanges`. */
  readonly changeAt: Float64Array;
  /** Records that are not in the parsed form (dates not `Date`, amounts not `Money`); at most 12. */
  readonly problems: OpenSpmIssue[] = [];

  private badRecord(list: string, i: number, field: string): void {
    if (this.problems.length >= 12) return;
    this.problems.push(
      issue(
        ErrorCode.INVALID_INPUT,
        ['dataset', list, i, field],
        `expected a parsed record with ${field} as a Date; pass the dataset through validateDataset first`,
      ),
    );
  }
  readonly warnings: AnomalyWarning[] = [];
  readonly diagnostics: WarningDiagnostic[] = [];

  constructor(
    readonly data: Dataset,
    readonly options: ParsedOptions,
  ) {
    this.asOfMs = options.asOf.getTime();
    this.calendar = options.calendar as FiscalCalendar | FiscalCalendarOptions | undefined;
    this.zone = (this.calendar as { zone?: string } | undefined)?.zone ?? 'UTC';
    this.periodKind = options.periodKind ?? 'quarter';
    this.period = periodContaining(this.periodKind, options.asOf, this.calendar);
    this.currency = data.currency ?? data.deals[0]?.amount.currency;

    for (const p of data.pipelines) {
      const stages = new Map<string, Stage>();
      for (const s of p.stages) stages.set(s.id, s);
      const open = p.stages.filter((s) => s.kind === 'open').sort((a, b) => a.order - b.order);
      this.pipelines.set(p.id, { pipeline: p, stages, open });
    }
    for (const r of data.reps) this.reps.set(r.id, r);
    for (const t of data.teams) this.teams.set(t.id, t);
    for (const a of data.accounts) this.accounts.set(a.id, a);

    const deals = data.deals;
    const n = deals.length;
    for (let i = 0; i < n; i++) this.dealIndex.set(deals[i]!.id, i);

    // Group stage changes by deal (counting sort), keeping only those at or before asOf.
    const changes = data.stageChanges;
    const owner = new Int32Array(changes.length);
    const start = new Int32Array(n + 1);
    // The earliest change of each deal, at any time: the stage before a history that starts after asOf.
    const first = new Int32Array(n).fill(-1);
    const changeAt = new Float64Array(changes.length);
    this.changeAt = changeAt;
    let lastId: string | undefined;
    let lastD: number | undefined;
    for (let c = 0; c < changes.length; c++) {
      const ch = changes[c]!;
      const at = ch.at;
      if (!(at instanceof Date)) {
        this.badRecord('stageChanges', c, 'at');
        owner[c] = -1;
        continue;
      }
      const t = at.getTime();
      changeAt[c] = t;
      // Exports usually list a deal's rows together: reuse the last lookup while the id repeats.
      if (ch.dealId !== lastId) {
        lastId = ch.dealId;
        lastD = this.dealIndex.get(lastId);
      }
      const d = lastD;
      if (d !== undefined) {
        const f = first[d]!;
        if (f < 0 || t < changeAt[f]!) first[d] = c;
      }
      if (d === undefined || t > this.asOfMs) {
        owner[c] = -1;
        continue;
      }
      owner[c] = d;
      start[d + 1]!++;
    }
    for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
    const order = new Int32Array(start[n]!);
    const fill = start.slice(0, n);
    for (let c = 0; c < changes.length; c++) {
      const d = owner[c]!;
      if (d >= 0) order[fill[d]!++] = c;
    }
    // Each deal's changes in time order (a stable sort; usually already sorted).
    for (let i = 0; i < n; i++) {
      const a = start[i]!;
      const b = start[i + 1]!;
      let sorted = true;
      for (let k = a + 1; k < b; k++) {
        if (changeAt[order[k]!]! < changeAt[order[k - 1]!]!) {
          sorted = false;
          break;
        }
      }
      if (!sorted) {
        const seg = Array.from(order.subarray(a, b)).sort((x, y) => changeAt[x]! - changeAt[y]! || x - y);
        order.set(seg, a);
      }
    }
    this.changeStart = start;
    this.changeOrder = order;

    // State at asOf.
    this.stageAt = new Array<string | null>(n).fill(null);
    this.enteredAt = new Float64Array(n);
    this.openAt = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const deal = deals[i]!;
      const created = deal.createdAt.getTime();
      if (created > this.asOfMs) continue;
      const info = this.pipelines.get(deal.pipelineId);
      let stage: string | null = null;
      let entered = created;
      const a = start[i]!;
      const b = start[i + 1]!;
      if (b > a) {
        stage = changes[order[b - 1]!]!.toStageId;
        entered = changeAt[order[b - 1]!]!;
      } else if (first[i]! >= 0) {
        // Its history starts after asOf: it was in the stage its first move left (or the one it entered).
        const ch = changes[first[i]!]!;
        stage = ch.fromStageId ?? ch.toStageId;
      } else if (deal.closedAt && deal.closedAt.getTime() > this.asOfMs) {
        stage = null; // closed later, no history: open at asOf in an unknown stage
        this.openAt[i] = 1;
      } else stage = deal.stageId;
      this.stageAt[i] = stage;
      this.enteredAt[i] = entered;
      if (stage !== null) {
        const kind = info?.stages.get(stage)?.kind;
        this.openAt[i] = kind === 'open' ? 1 : 0;
      }
    }

    // Activities: time and deal index of each, looked up once for all rules; first and last per deal.
    const acts = data.activities;
    this.activityAt = new Float64Array(acts.length);
    this.activityDeal = new Int32Array(acts.length);
    this.lastActivity = new Float64Array(n).fill(Number.NaN);
    this.firstActivity = new Float64Array(n).fill(Number.NaN);
    const last = this.lastActivity;
    const firstAct = this.firstActivity;
    this.activityAccount = new Int32Array(acts.length).fill(-1);
    data.accounts.forEach((a, i) => {
      if (!this.accountIndex.has(a.id)) this.accountIndex.set(a.id, i);
    });
    let lastAccount: string | undefined;
    let lastAccountIndex = -1;
    lastId = undefined;
    lastD = undefined;
    for (let k = 0; k < acts.length; k++) {
      const act = acts[k]!;
      const at = act.at;
      if (!(at instanceof Date)) {
        this.badRecord('activities', k, 'at');
        this.activityAt[k] = Number.POSITIVE_INFINITY; // never at or before asOf
        this.activityDeal[k] = -1;
        continue;
      }
      const t = at.getTime();
      this.activityAt[k] = t;
      if (act.dealId !== lastId) {
        lastId = act.dealId;
        lastD = lastId === undefined ? undefined : this.dealIndex.get(lastId);
      }
      const d = lastD;
      this.activityDeal[k] = d ?? -1;
      const account = act.accountId ?? (d === undefined ? undefined : deals[d]!.accountId);
      if (account !== lastAccount) {
        lastAccount = account;
        lastAccountIndex = account === undefined ? -1 : (this.accountIndex.get(account) ?? -1);
      }
      this.activityAccount[k] = lastAccountIndex;
      if (act.custom !== undefined) this.activitiesWithCustom.push(k);
      if (d === undefined || t > this.asOfMs) continue;
      if (!(t <= last[d]!)) last[d] = t;
      if (!(t >= firstAct[d]!)) firstAct[d] = t;
    }
  }

  /** The rule's options (validated). */
  rule<R extends WarningRule>(name: R): NonNullable<ParsedRules[R]> {
    return (this.options.rules?.[name] ?? {}) as NonNullable<ParsedRules[R]>;
  }

  /** The calendar day number of an instant in the calendar's zone. */
  dayOf(ms: number): number {
    if (this.zone === 'UTC') return Math.floor(ms / DAY);
    return dayNumber(toCalendarDate(new Date(ms), this.zone));
  }

  /** The calendar date (`YYYY-MM-DD`) of an instant in the calendar's zone. */
  dateText(ms: number): string {
    if (this.zone === 'UTC') return new Date(Math.floor(ms / DAY) * DAY).toISOString().slice(0, 10);
    return toCalendarDate(new Date(ms), this.zone);
  }

  /** Whole days from an instant to asOf (0 for later instants). */
  daysSince(ms: number): number {
    return ms >= this.asOfMs ? 0 : Math.floor((this.asOfMs - ms) / DAY);
  }

  /** A deal as a warning subject. */
  dealSubject(i: number): WarningSubject {
    const deal = this.data.deals[i]!;
    const stageId = this.stageAt[i];
    return {
      kind: 'deal',
      id: deal.id,
      name: deal.id,
      ownerId: deal.ownerId,
      pipelineId: deal.pipelineId,
      ...(stageId ? { stageId } : {}),
    };
  }

  /** The name of a stage, else its id. */
  stageName(pipelineId: string, stageId: string | null | undefined): string {
    if (!stageId) return '?';
    return this.pipelines.get(pipelineId)?.stages.get(stageId)?.name ?? stageId;
  }

  /** The name of a rep, else the id. */
  repName(id: string): string {
    return this.reps.get(id)?.name ?? id;
  }

  /**
   * An amount in integer minor units. Exact for amounts in whole minor units; an amount with more decimals is
   * rounded half-even to the minor unit for these comparisons (warnings only compare and show amounts).
   */
  minor(m: Money): number {
    return Number(m.round('half-even').toMinor());
  }

  private dealMinorCache: Float64Array | undefined;

  /** Deal i's amount in integer minor units, computed once per run. */
  dealMinor(i: number): number {
    if (!this.dealMinorCache) this.dealMinorCache = new Float64Array(this.data.deals.length).fill(Number.NaN);
    let v = this.dealMinorCache[i]!;
    if (Number.isNaN(v)) {
      v = this.minor(this.data.deals[i]!.amount);
      this.dealMinorCache[i] = v;
    }
    return v;
  }

  /** Minor units as a decimal text in the dataset's currency. */
  money(minor: number): string {
    return Money.fromMinor(minor, this.currency ?? 'XXX').amount.toFixed(
      Money.zero(this.currency ?? 'XXX').minorUnits,
    );
  }

  /** Adds a warning (severity from the options, else the catalogue's default; id from code, subject, episode). */
  emit(rule: WarningRule, w: Emitted): void {
    const { message, action } = render(w.code, w.params);
    const configured = this.options.rules?.[rule]?.severity;
    const severity =
      (typeof configured === 'string' ? configured : configured?.[w.code]) ?? defaultSeverity(w.code);
    const period = w.period ?? null;
    this.warnings.push({
      id: `w-${stableHash(`${w.code}|${w.subject.kind}|${w.subject.id}|${period?.key ?? ''}|${w.episode}`)}`,
      code: w.code,
      rule,
      severity,
      subject: w.subject,
      period,
      evidence: w.evidence,
      message,
      action,
    });
  }

  /** Adds a diagnostic. */
  note(
    rule: WarningRule,
    code: DiagnosticCode,
    subject: string,
    message: string,
    sample?: { sampleSize: number; minSample: number },
  ): void {
    this.diagnostics.push({ rule, code, subject, message, ...(sample ?? {}) });
  }
}

function defaultSeverity(code: WarningCode) {
  return WARNING_MESSAGES[code].severity;
}
