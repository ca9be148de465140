import type {
  Account,
  Activity,
  ActivityType,
  Dataset,
  Deal,
  Payment,
  Pipeline,
  Rep,
  StageChange,
  Team,
} from '../model/index';
import { Money } from '../money/index';
import { SeededRandom } from './random';

/**
 * Options for {@link generateSampleData}. Every field has a default; the same options give the same data.
 *
 * @example
 * ```ts
 * import type { SampleDataOptions } from 'openspm/testing';
 * const options: SampleDataOptions = { seed: 7, reps: 12, deals: 500, from: '2024-01-01', asOf: '2024-06-30' };
 * ```
 */
export interface SampleDataOptions {
  /** Seed of the generator (default 1). */
  seed?: number;
  /** Number of sales reps, managers not counted (default 30). */
  reps?: number;
  /** Number of regional teams under one head-office team (default: one per 6 reps, at least 1). */
  teams?: number;
  /** Number of customer accounts (default 85). */
  accounts?: number;
  /** Number of deals (default 2,000). */
  deals?: number;
  /** First day deals may be created, `YYYY-MM-DD` (default `'2024-01-01'`). */
  from?: string;
  /** The snapshot date: nothing happens after it; open deals stay open (default `'2024-12-31'`). */
  asOf?: string;
  /** Currency of every amount (default `'CNY'`). */
  currency?: string;
  /** Generate activities: calls, visits, emails… on each deal (default true). */
  activities?: boolean;
  /** Generate payments (回款) for won deals (default true). */
  payments?: boolean;
}

/** The stages the source articles name, with the default win probability of each. */
const STAGES = [
  {
    id: 'lead',
    name: 'Lead acquisition',
    probability: 0.05,
    slaDays: 7,
    rottingDays: 10,
    medianDays: 4,
    advance: 0.72,
  },
  {
    id: 'contact',
    name: 'First contact',
    probability: 0.15,
    slaDays: 10,
    rottingDays: 14,
    medianDays: 6,
    advance: 0.8,
  },
  {
    id: 'needs',
    name: 'Needs confirmation',
    probability: 0.3,
    slaDays: 14,
    rottingDays: 14,
    medianDays: 9,
    advance: 0.74,
  },
  {
    id: 'proposal',
    name: 'Proposal',
    probability: 0.5,
    slaDays: 21,
    rottingDays: 21,
    medianDays: 12,
    advance: 0.68,
  },
  {
    id: 'negotiation',
    name: 'Negotiation',
    probability: 0.75,
    slaDays: 21,
    rottingDays: 21,
    medianDays: 10,
    advance: 0.82,
  },
] as const;

const PRODUCTS = [
  ['CRM Starter', 6_000, 5],
  ['CRM Professional', 36_000, 4],
  ['Analytics Add-on', 12_000, 3],
  ['Enterprise Suite', 180_000, 1],
  ['Support Plan', 3_000, 4],
] as const;

const SOURCES = [
  ['inbound', 4],
  ['outbound', 3],
  ['referral', 2],
  ['partner', 1],
  ['event', 1],
] as const;

const ACTIVITY_MIX: readonly (readonly [ActivityType, number])[] = [
  ['call', 35],
  ['email', 20],
  ['visit', 15],
  ['meeting', 10],
  ['follow_up', 10],
  ['demo', 4],
  ['proposal', 3],
  ['quote', 3],
];

const LOST_REASONS = ['price', 'competitor', 'no budget', 'no decision', 'timing', 'product fit'];
const REGIONS = ['East', 'North', 'South', 'West', 'Central', 'Northeast', 'Southwest', 'Northwest'];
const INDUSTRIES = ['manufacturing', 'retail', 'finance', 'healthcare', 'education', 'logistics', 'software'];
const SURNAMES = ['Li', 'Wang', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Huang', 'Zhou', 'Wu', 'Xu', 'Sun'];
const GIVEN = [
  'Wei',
  'Fang',
  'Min',
  'Jing',
  'Lei',
  'Yan',
  'Tao',
  'Hui',
  'Jun',
  'Ling',
  'Qiang',
  'Na',
  'Hao',
  'Xin',
];
const COMPANY = [
  'Huaxin',
  'Tianrun',
  'Jinhai',
  'Lianchuang',
  'Hengtai',
  'Dongfang',
  'Zhongke',
  'Xinyuan',
  'Boda',
];
const COMPANY_KIND = ['Technology', 'Manufacturing', 'Trading', 'Logistics', 'Medical', 'Retail', 'Energy'];

const DAY = 86_400_000;

function parseDay(text: string, name: string): number {
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(ms)) {
    throw new RangeError(`${name} must be a date like "2024-01-01", got ${JSON.stringify(text)}`);
  }
  return ms;
}

function positiveInt(value: number | undefined, fallback: number, name: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`${name} must be a whole number of at least 1, got ${n}`);
  return n;
}

/**
 * Generates a realistic, deterministic CRM: a head-office team with regional teams and their managers,
 * reps (some hired during the period, some who left), graded accounts, deals moving through a six-stage
 * pipeline (lead → first contact → needs confirmation → proposal → negotiation → won/lost) with full
 * stage histories including skipped stages and backward moves, activities, and payments for won deals.
 *
 * The shape follows public B2B pipeline data: about a quarter of leads are won, won cycles have a median near
 * 45 days with a long tail, and closes bunch up in the last month of each quarter. Same options, same data.
 *
 * @example
 * ```ts
 * import { generateSampleData } from 'openspm/testing';
 * const data = generateSampleData({ seed: 42, reps: 12, deals: 300 });
 * data.deals.length; //=> 300
 * data.pipelines[0].stages.map((s) => s.id);
 * //=> ['lead', 'contact', 'needs', 'proposal', 'negotiation', 'won', 'lost']
 * ```
 */
export function generateSampleData(options: SampleDataOptions = {}): Dataset {
  const random = new SeededRandom(options.seed ?? 1);
  const repCount = positiveInt(options.reps, 30, 'reps');
  const teamCount = positiveInt(options.teams, Math.max(1, Math.round(repCount / 6)), 'teams');
  const accountCount = positiveInt(options.accounts, 85, 'accounts');
  const dealCount = options.deals ?? 2000;
  if (!Number.isInteger(dealCount) || dealCount < 0)
    throw new RangeError(`deals must be a whole number, got ${dealCount}`);
  const start = parseDay(options.from ?? '2024-01-01', 'from');
  const asOf = parseDay(options.asOf ?? '2024-12-31', 'asOf') + DAY - 1;
  if (asOf <= start) throw new RangeError('asOf must be after from');
  const currency = options.currency ?? 'CNY';
  Money.zero(currency); // validates the code

  const pipeline: Pipeline = {
    id: 'sales',
    name: 'New business',
    currency,
    stages: [
      ...STAGES.map((s, order) => ({
        id: s.id,
        name: s.name,
        order,
        kind: 'open' as const,
        probability: s.probability,
        slaDays: s.slaDays,
        rottingDays: s.rottingDays,
      })),
      { id: 'won', name: 'Won', order: STAGES.length, kind: 'won' as const, probability: 1 },
      { id: 'lost', name: 'Lost', order: STAGES.length + 1, kind: 'lost' as const, probability: 0 },
    ],
  };

  // Organisation: a head office led by a director, regional teams each led by a manager.
  const personName = () => `${random.pick(SURNAMES)} ${random.pick(GIVEN)}`;
  const longBefore = start - 3 * 365 * DAY;
  const teams: Team[] = [{ id: 'hq', name: 'Sales head office', managerId: 'director-1' }];
  const reps: Rep[] = [
    { id: 'director-1', name: personName(), teamId: 'hq', hireDate: new Date(longBefore), role: 'director' },
  ];
  for (let t = 0; t < teamCount; t++) {
    const region =
      REGIONS[t % REGIONS.length]! + (t >= REGIONS.length ? ` ${Math.floor(t / REGIONS.length) + 1}` : '');
    const id = `team-${t + 1}`;
    teams.push({ id, name: `${region} region`, parentId: 'hq', managerId: `manager-${t + 1}` });
    reps.push({
      id: `manager-${t + 1}`,
      name: personName(),
      teamId: id,
      hireDate: new Date(longBefore + random.int(0, 700) * DAY),
      role: 'manager',
    });
  }
  const span = asOf - start;
  const sellers: { rep: Rep; skill: number; from: number; to: number }[] = [];
  for (let r = 0; r < repCount; r++) {
    const newHire = random.chance(0.15);
    const hire = newHire
      ? start + Math.floor(random.next() * span * 0.6)
      : longBefore + random.int(0, 900) * DAY;
    const leaves = !newHire && random.chance(0.08);
    const end = leaves ? start + Math.floor(span * (0.4 + 0.5 * random.next())) : undefined;
    const rep: Rep = {
      id: `rep-${r + 1}`,
      name: personName(),
      teamId: `team-${(r % teamCount) + 1}`,
      hireDate: new Date(floorDay(hire)),
      role: 'rep',
      ...(end === undefined ? {} : { endDate: new Date(floorDay(end)) }),
    };
    reps.push(rep);
    sellers.push({ rep, skill: 0.85 + 0.3 * random.next(), from: Math.max(start, hire), to: end ?? asOf });
  }

  const accounts: Account[] = [];
  for (let a = 0; a < accountCount; a++) {
    const owner = random.pick(sellers).rep;
    accounts.push({
      id: `acct-${a + 1}`,
      name: `${random.pick(COMPANY)} ${random.pick(COMPANY_KIND)} Co. ${a + 1}`,
      grade: random.weighted([
        ['A', 10],
        ['B', 25],
        ['C', 40],
        ['D', 25],
      ] as const),
      ownerId: owner.id,
      region: teams.find((t) => t.id === owner.teamId)!.name.replace(/ region$/, ''),
      industry: random.pick(INDUSTRIES),
    });
  }

  const deals: Deal[] = [];
  const stageChanges: StageChange[] = [];
  const activities: Activity[] = [];
  const payments: Payment[] = [];
  const minor = 10 ** Money.zero(currency).minorUnits;
  const at = (ms: number) => new Date(ms);
  const businessTime = (day: number) =>
    floorDay(day) + (9 + random.int(0, 8)) * 3_600_000 + random.int(0, 59) * 60_000;

  for (let i = 0; i < dealCount; i++) {
    const seller = random.pick(sellers);
    const created = businessTime(seller.from + random.next() * (seller.to - seller.from) * 0.995);
    const [product, price] = random.weighted(
      PRODUCTS.map(([name, p, w]) => [[name, p] as const, w] as const),
    );
    const units = Math.round(price * (0.7 + 0.45 * random.next()) * minor);
    const amount = Money.fromMinor(units, currency);
    const account = random.chance(0.9)
      ? accounts[Math.floor(accountCount * random.next() * random.next())]
      : undefined;
    const id = `deal-${i + 1}`;

    // Walk the deal through the stages.
    const history: StageChange[] = [{ dealId: id, fromStageId: null, toStageId: 'lead', at: at(created) }];
    let stage = 0;
    let time = created;
    let outcome: 'open' | 'won' | 'lost' = 'open';
    let wentBack = false;
    while (outcome === 'open') {
      const dwell = Math.max(0.05, STAGES[stage]!.medianDays * random.skewed()) * DAY;
      const next = time + dwell;
      if (next > Math.min(asOf, seller.to)) break; // still open at the snapshot
      time = next;
      const from = STAGES[stage]!.id;
      if (!wentBack && stage >= 3 && random.chance(0.05)) {
        stage -= 1; // back to the previous stage: the customer reopened the question
        wentBack = true;
        history.push({ dealId: id, fromStageId: from, toStageId: STAGES[stage]!.id, at: at(time) });
        continue;
      }
      if (random.chance(Math.min(0.97, STAGES[stage]!.advance * seller.skill))) {
        const skip = stage < STAGES.length - 2 && random.chance(0.04) ? 2 : 1;
        stage += skip;
        if (stage >= STAGES.length) {
          outcome = 'won';
          time = quarterEndSkew(random, time, asOf);
          history.push({ dealId: id, fromStageId: from, toStageId: 'won', at: at(time) });
        } else {
          history.push({ dealId: id, fromStageId: from, toStageId: STAGES[stage]!.id, at: at(time) });
        }
      } else {
        outcome = 'lost';
        history.push({ dealId: id, fromStageId: from, toStageId: 'lost', at: at(time) });
      }
    }
    const last = history[history.length - 1]!;
    const closed = outcome === 'open' ? undefined : last.at;
    const expected = created + Math.round(60 * random.skewed()) * DAY;
    deals.push({
      id,
      pipelineId: pipeline.id,
      ownerId: seller.rep.id,
      teamId: seller.rep.teamId,
      ...(account ? { accountId: account.id } : {}),
      source: random.weighted(SOURCES),
      product,
      amount,
      createdAt: at(created),
      expectedCloseDate: at(floorDay(expected)),
      stageId: last.toStageId,
      ...(closed ? { closedAt: closed } : {}),
      ...(outcome === 'lost' ? { lostReason: random.pick(LOST_REASONS) } : {}),
    });
    stageChanges.push(...history);

    if (options.activities ?? true) {
      const end = closed ? closed.getTime() : Math.min(asOf, seller.to);
      const weeks = Math.max(1, Math.ceil((end - created) / (7 * DAY)));
      for (let w = 0; w < weeks; w++) {
        const perWeek = random.int(0, 3);
        for (let k = 0; k < perWeek; k++) {
          const when = created + (w * 7 + random.next() * 7) * DAY;
          if (when > end) continue;
          const type = random.weighted(ACTIVITY_MIX);
          activities.push({
            id: `act-${activities.length + 1}`,
            type,
            repId: seller.rep.id,
            dealId: id,
            ...(account ? { accountId: account.id } : {}),
            at: at(businessTime(when)),
            ...(type === 'email'
              ? {}
              : { durationMinutes: type === 'call' ? random.int(2, 40) : random.int(30, 120) }),
            ...(type === 'visit' ? { quality: random.chance(0.6) } : {}),
          });
        }
      }
    }

    if (outcome === 'won' && (options.payments ?? true)) {
      const closeMs = closed!.getTime();
      const plan = random.weighted([
        [1, 70],
        [2, 20],
        [0, 10],
      ] as const);
      const parts = plan === 2 ? amount.allocate([1, 1]) : plan === 1 ? [amount] : [];
      let when = closeMs;
      parts.forEach((part, k) => {
        when += random.int(5, 45) * DAY;
        if (when <= asOf)
          payments.push({ id: `pay-${id}-${k + 1}`, dealId: id, amount: part, at: at(businessTime(when)) });
      });
    }
  }

  return {
    currency,
    pipelines: [pipeline],
    deals,
    stageChanges,
    activities,
    reps,
    teams,
    accounts,
    payments,
  };
}

function floorDay(ms: number): number {
  return Math.floor(ms / DAY) * DAY;
}

/** Pushes some closes from the first month of a quarter into the next: the month-end rush of real teams. */
function quarterEndSkew(random: SeededRandom, ms: number, asOf: number): number {
  const month = new Date(ms).getUTCMonth();
  if (month % 3 !== 2 && random.chance(0.3)) {
    const later = ms + random.int(10, 25) * DAY;
    if (later <= asOf) return later;
  }
  return ms;
}
