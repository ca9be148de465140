import {
  type Account,
  type Activity,
  type Deal,
  type FiscalCalendar,
  type Payment,
  type Pipeline,
  PipelineSchema,
  parsePeriodKey,
  type Rep,
  type Stage,
  type StageChange,
  type TargetInput,
  TargetSchema,
  type Team,
} from '../index';
import {
  type BadRow,
  type InputRow,
  type ReadTableResult,
  SCHEMAS,
  type TableKind,
  zodReason,
} from './input';

/** The CRM records built from the exports, every one valid, and what was left out. */
export interface BuiltData {
  currency: string;
  pipelines: Pipeline[];
  deals: Deal[];
  stageChanges: StageChange[];
  activities: Activity[];
  payments: Payment[];
  accounts: Account[];
  reps: Rep[];
  teams: Team[];
  targets: TargetInput[];
  bad: BadRow[];
  /** Things filled in or assumed, said once each (not errors). */
  notes: string[];
  /** Per kind: records read, used, rejected. */
  counts: { kind: TableKind; file: string; read: number; used: number; bad: number }[];
}

type Tables = Partial<Record<TableKind, ReadTableResult>>;

const dateOnly = (d: Date) => d.toISOString().slice(0, 10);

/** Validates the rows of every export against the model schemas and each other, and builds the records. */
export function buildData(
  tables: Tables,
  options: { currency?: string; calendar: FiscalCalendar },
): BuiltData {
  const bad: BadRow[] = [];
  const notes: string[] = [];
  const badAt = (t: ReadTableResult, row: InputRow, reason: string) =>
    bad.push({
      file: t.file,
      kind: t.kind,
      line: row.line,
      unit: t.file.toLowerCase().endsWith('.json') ? 'item' : 'line',
      reason,
    });
  for (const t of Object.values(tables)) if (t) bad.push(...t.bad);
  const used = new Map<TableKind, number>();
  const use = (k: TableKind) => used.set(k, (used.get(k) ?? 0) + 1);

  // Stages → pipelines.
  const pipelines: Pipeline[] = [];
  const stageTable = tables.stages;
  if (stageTable) {
    const groups = new Map<string, { name?: string; currency?: string; rows: InputRow[] }>();
    for (const row of stageTable.rows) {
      const id = String(row.values.pipelineId ?? 'default');
      let g = groups.get(id);
      if (!g) {
        g = { rows: [] };
        groups.set(id, g);
      }
      g.name ??= row.values.pipelineName as string | undefined;
      g.currency ??= row.values.currency as string | undefined;
      g.rows.push(row);
    }
    for (const [id, g] of groups) {
      const stages: Stage[] = [];
      const lines: InputRow[] = [];
      g.rows.forEach((row, i) => {
        const v = row.values;
        const parsed = SCHEMAS.stages.safeParse({
          id: v.id,
          name: v.name ?? v.id,
          order: v.order ?? i,
          kind: typeof v.kind === 'string' ? v.kind.toLowerCase() : v.kind,
          probability: v.probability,
          slaDays: v.slaDays,
          rottingDays: v.rottingDays,
        });
        if (!parsed.success) badAt(stageTable, row, zodReason(parsed.error));
        else {
          stages.push(parsed.data);
          lines.push(row);
        }
      });
      const p = PipelineSchema.safeParse({ id, name: g.name ?? id, currency: g.currency, stages });
      if (!p.success) {
        const first = lines[0] ?? g.rows[0];
        if (first) badAt(stageTable, first, `pipeline "${id}": ${zodReason(p.error)}`);
      } else {
        pipelines.push(p.data);
        for (const _ of lines) use('stages');
      }
    }
  }
  const currency =
    options.currency ??
    pipelines.find((p) => p.currency)?.currency ??
    (tables.deals?.rows.find((r) => r.values.currency)?.values.currency as string | undefined) ??
    'USD';
  if (
    !options.currency &&
    !pipelines.some((p) => p.currency) &&
    !tables.deals?.rows.some((r) => r.values.currency)
  )
    notes.push('no currency in the exports: amounts read as USD (pass --currency)');
  const stageOf = new Map<string, Map<string, Stage>>();
  for (const p of pipelines) {
    const m = new Map<string, Stage>();
    for (const s of p.stages) {
      m.set(s.id.toLowerCase(), s);
      m.set(s.name.toLowerCase(), s);
    }
    stageOf.set(p.id, m);
  }
  const findStage = (pipelineId: string, ref: unknown) =>
    ref === undefined ? undefined : stageOf.get(pipelineId)?.get(String(ref).toLowerCase());

  // Deals.
  const deals: Deal[] = [];
  const dealIds = new Map<string, Deal>();
  const dealTable = tables.deals;
  if (dealTable) {
    for (const row of dealTable.rows) {
      const v = row.values;
      const pipelineId = String(v.pipelineId ?? (pipelines.length === 1 ? pipelines[0]?.id : ''));
      if (!stageOf.has(pipelineId)) {
        badAt(
          dealTable,
          row,
          v.pipelineId === undefined
            ? `pipelineId: is required when the stages file has ${pipelines.length} pipelines`
            : `pipelineId: "${pipelineId}" is not a pipeline of the stages file`,
        );
        continue;
      }
      const stage = findStage(pipelineId, v.stageId);
      if (v.stageId !== undefined && !stage) {
        badAt(dealTable, row, `stageId: "${v.stageId}" is not a stage of pipeline "${pipelineId}"`);
        continue;
      }
      const rowCurrency = (v.currency as string | undefined) ?? currency;
      if (rowCurrency !== currency) {
        badAt(
          dealTable,
          row,
          `currency: the deal is in ${rowCurrency}, the report in ${currency}; convert it first`,
        );
        continue;
      }
      const parsed = SCHEMAS.deals.safeParse({
        id: v.id,
        name: v.name,
        pipelineId,
        ownerId: v.ownerId,
        teamId: v.teamId,
        accountId: v.accountId,
        source: v.source,
        product: v.product,
        amount: v.amount === undefined ? undefined : { amount: v.amount, currency },
        createdAt: v.createdAt,
        expectedCloseDate: v.expectedCloseDate,
        stageId: stage?.id,
        closedAt: v.closedAt,
      });
      if (!parsed.success) {
        badAt(dealTable, row, zodReason(parsed.error));
        continue;
      }
      const deal = parsed.data;
      if (dealIds.has(deal.id)) {
        badAt(dealTable, row, `id: deal "${deal.id}" appears more than once (the first is used)`);
        continue;
      }
      if (stage && stage.kind !== 'open' && !deal.closedAt) {
        badAt(dealTable, row, `closedAt: is required for a deal in the ${stage.kind} stage "${stage.name}"`);
        continue;
      }
      dealIds.set(deal.id, deal);
      deals.push(deal);
      use('deals');
    }
  }
  const earliest = deals.reduce<Date | undefined>(
    (m, d) => (!m || d.createdAt < m ? d.createdAt : m),
    undefined,
  );

  // Stage history.
  const stageChanges: StageChange[] = [];
  const history = tables.history;
  if (history) {
    for (const row of history.rows) {
      const v = row.values;
      const deal = dealIds.get(String(v.dealId));
      if (!deal) {
        badAt(history, row, `dealId: "${v.dealId ?? ''}" is not a deal of the deals file`);
        continue;
      }
      const to = findStage(deal.pipelineId, v.toStageId);
      const from = v.fromStageId === undefined ? null : findStage(deal.pipelineId, v.fromStageId);
      if (!to || from === undefined) {
        const which = !to ? `toStageId: "${v.toStageId ?? ''}"` : `fromStageId: "${v.fromStageId}"`;
        badAt(history, row, `${which} is not a stage of pipeline "${deal.pipelineId}"`);
        continue;
      }
      const parsed = SCHEMAS.history.safeParse({
        dealId: deal.id,
        fromStageId: from?.id ?? null,
        toStageId: to.id,
        at: v.at,
        actorId: v.actorId,
      });
      if (!parsed.success) badAt(history, row, zodReason(parsed.error));
      else {
        stageChanges.push(parsed.data);
        use('history');
      }
    }
    // Each deal's changes in time order (exports are often sorted by deal or by id).
    stageChanges.sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  // Reps and teams.
  const reps: Rep[] = [];
  const repIds = new Set<string>();
  const teamNames = new Map<string, string>();
  const repTable = tables.reps;
  if (repTable) {
    for (const row of repTable.rows) {
      const v = row.values;
      const parsed = SCHEMAS.reps.safeParse({
        id: v.id,
        name: v.name ?? v.id,
        teamId: v.teamId ?? 'team',
        role: typeof v.role === 'string' ? v.role.toLowerCase() : 'rep',
        hireDate: v.hireDate ?? (earliest ? dateOnly(earliest) : '2000-01-01'),
        endDate: v.endDate,
      });
      if (!parsed.success) badAt(repTable, row, zodReason(parsed.error));
      else if (repIds.has(parsed.data.id))
        badAt(repTable, row, `id: rep "${parsed.data.id}" appears more than once`);
      else {
        reps.push(parsed.data);
        repIds.add(parsed.data.id);
        if (v.teamName) teamNames.set(parsed.data.teamId, String(v.teamName));
        use('reps');
      }
    }
    if (repTable.rows.some((r) => r.values.hireDate === undefined))
      notes.push('reps without a hire date are taken as hired before the first deal');
  }
  const added = new Set<string>();
  for (const d of deals) {
    if (repIds.has(d.ownerId)) continue;
    repIds.add(d.ownerId);
    added.add(d.ownerId);
    reps.push({
      id: d.ownerId,
      name: d.ownerId,
      teamId: d.teamId ?? 'team',
      role: 'rep',
      hireDate: earliest ?? new Date(Date.UTC(2000, 0, 1)),
    } as Rep);
  }
  if (added.size > 0)
    notes.push(
      repTable
        ? `${added.size} deal owner(s) not in the reps file added as reps: ${[...added].slice(0, 5).join(', ')}${added.size > 5 ? ', …' : ''}`
        : `no reps file: ${added.size} reps taken from the deal owners`,
    );
  const teams: Team[] = [...new Set(reps.map((r) => r.teamId))]
    .sort()
    .map((id) => ({ id, name: teamNames.get(id) ?? id }) as Team);

  // Activities, payments, accounts.
  const activities: Activity[] = [];
  if (tables.activities) {
    const t = tables.activities;
    for (const row of t.rows) {
      const v = row.values;
      const parsed = SCHEMAS.activities.safeParse({
        ...v,
        type: typeof v.type === 'string' ? v.type.toLowerCase().replace(/[\s-]+/g, '_') : v.type,
      });
      if (!parsed.success) badAt(t, row, zodReason(parsed.error));
      else if (!repIds.has(parsed.data.repId)) badAt(t, row, `repId: "${parsed.data.repId}" is not a rep`);
      else {
        activities.push(parsed.data);
        use('activities');
      }
    }
  }
  const payments: Payment[] = [];
  if (tables.payments) {
    const t = tables.payments;
    for (const row of t.rows) {
      const v = row.values;
      if (!dealIds.has(String(v.dealId))) {
        badAt(t, row, `dealId: "${v.dealId ?? ''}" is not a deal of the deals file`);
        continue;
      }
      const parsed = SCHEMAS.payments.safeParse({
        id: v.id,
        dealId: v.dealId,
        at: v.at,
        amount:
          v.amount === undefined
            ? undefined
            : { amount: v.amount, currency: (v.currency as string) ?? currency },
      });
      if (!parsed.success) badAt(t, row, zodReason(parsed.error));
      else {
        payments.push(parsed.data);
        use('payments');
      }
    }
  }
  const accounts: Account[] = [];
  if (tables.accounts) {
    const t = tables.accounts;
    for (const row of t.rows) {
      const parsed = SCHEMAS.accounts.safeParse({ ...row.values, name: row.values.name ?? row.values.id });
      if (!parsed.success) badAt(t, row, zodReason(parsed.error));
      else {
        accounts.push(parsed.data);
        use('accounts');
      }
    }
  }

  // Targets.
  const targets: TargetInput[] = [];
  if (tables.targets) {
    const t = tables.targets;
    const ids = new Set<string>();
    for (const row of t.rows) {
      const v = row.values;
      let period: ReturnType<typeof parsePeriodKey>;
      try {
        period = parsePeriodKey(String(v.period ?? ''), options.calendar);
      } catch (e) {
        badAt(t, row, `period: ${(e as Error).message}`);
        continue;
      }
      const scopeType =
        (typeof v.scope === 'string' ? v.scope.toLowerCase() : undefined) ?? (v.scopeId ? 'rep' : 'company');
      const id = String(v.id ?? `T-${row.line}`);
      const input = {
        id,
        period,
        scope: scopeType === 'company' ? { type: 'company' } : { type: scopeType, id: v.scopeId },
        metric: v.metric ?? 'won-amount',
        amount:
          v.amount === undefined
            ? undefined
            : { amount: v.amount, currency: (v.currency as string) ?? currency },
      };
      const parsed = TargetSchema.safeParse(input);
      if (!parsed.success) badAt(t, row, zodReason(parsed.error));
      else if (ids.has(id)) badAt(t, row, `id: target "${id}" appears more than once`);
      else if (parsed.data.scope.type === 'rep' && !repIds.has(String(parsed.data.scope.id)))
        badAt(t, row, `scopeId: "${parsed.data.scope.id}" is not a rep`);
      else if (parsed.data.scope.type === 'team' && !teams.some((tm) => tm.id === parsed.data.scope.id))
        badAt(t, row, `scopeId: "${parsed.data.scope.id}" is not a team of the reps`);
      else {
        ids.add(id);
        targets.push(input as unknown as TargetInput);
        use('targets');
      }
    }
  }

  bad.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  const counts = (Object.entries(tables) as [TableKind, ReadTableResult][]).map(([kind, t]) => ({
    kind,
    file: t.file,
    read: t.read,
    used: used.get(kind) ?? 0,
    bad: bad.filter((b) => b.file === t.file).length,
  }));
  return {
    currency,
    pipelines,
    deals,
    stageChanges,
    activities,
    payments,
    accounts,
    reps,
    teams,
    targets,
    bad,
    notes,
    counts,
  };
}
