import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectDateFormat, parseColumnMap, toIsoDate } from '../../src/cli/input';
import { formatTable } from '../../src/cli/table';
import { runCli, SAMPLE, sampleArgs } from './helpers';

const tmp = () => mkdtempSync(join(tmpdir(), 'openspm-cli-'));

describe('openspm report on the sample export', () => {
  it('reads every file, closes the period, prints aligned tables and writes the HTML report', async () => {
    const out = join(tmp(), 'report.html');
    const r = await runCli(['report', ...sampleArgs(), '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Summary FY2024-Q4 (as of 2024-12-31)');
    expect(r.stdout).toMatch(/Funnel New business/);
    expect(r.stdout).toContain('Targets vs actuals by period');
    expect(r.stdout).toContain('All rows valid.');
    // Aligned: every line of the funnel table has the same width as its rule.
    const funnel = r.stdout.split('\n\n').find((b) => b.startsWith('Funnel')) as string;
    const [, head, rule, ...rows] = funnel.split('\n');
    expect(rule).toMatch(/^[─ ]+$/);
    for (const line of [head, ...rows])
      expect((line as string).length).toBeLessThanOrEqual((rule as string).length);
    const html = readFileSync(out, 'utf8');
    for (const id of ['summary', 'funnel', 'bottleneck', 'targets', 'leaderboard', 'payouts', 'warnings'])
      expect(html).toContain(`id="${id}"`);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // nothing loaded from the network
    expect(html).not.toMatch(/<script|NaN|Infinity|undefined/);
  });

  it('with --plan, pays reps from the stored payout statements: HTML, terminal table and --json', async () => {
    const out = join(tmp(), 'report.html');
    const r = await runCli(['report', ...sampleArgs(), '--plan', `${SAMPLE}plan.json`, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const block = r.stdout.split('\n\n').find((b) => b.startsWith('Payouts FY2024-Q4 (CNY)')) as string;
    expect(block).toBeDefined();
    expect(block).toContain('Wu Jun'); // rep-1
    expect(block).toMatch(/reps-2024 v1/);
    const html = readFileSync(out, 'utf8');
    const section = html.slice(html.indexOf('id="payouts"'), html.indexOf('id="warnings"'));
    expect(section).toContain('<svg');
    const rows = section.match(/<tr class="payout-row" data-rep="rep-\d+">.*?<\/tr>/g) ?? [];
    expect(rows.length).toBe(12); // every rep of role "rep"
    for (const row of rows) expect(row).toMatch(/<b>\d{1,3}(,\d{3})*\.\d{2}<\/b>/);
    expect(section).toContain('Sales reps 2024 v1');
    expect(section).not.toContain('--plan');
    expect(html).not.toMatch(/NaN|Infinity|undefined/);

    const j = JSON.parse(
      (await runCli(['report', ...sampleArgs(), '--plan', `${SAMPLE}plan.json`, '--json'])).stdout,
    );
    const payouts = j.report.payouts as {
      repId: string;
      payable: string;
      credited: string;
      attainment: string;
    }[];
    expect(payouts.length).toBe(12);
    // The payable is the statement's, exact to the cent; the stored results agree with the close's summary.
    for (const p of payouts) expect(p.payable).toMatch(/^\d+\.\d{2}$/);
    const top = payouts[0] as (typeof payouts)[number];
    expect(Number(top.payable)).toBeGreaterThan(0);
    expect(Number(top.credited)).toBeGreaterThan(0);
    const steps = j.closes.at(-1).steps as { name: string }[];
    expect(steps.at(-1)?.name).toBe('incentives');

    const zh = join(tmp(), 'report.html');
    await runCli(['report', ...sampleArgs(), '--plan', `${SAMPLE}plan.json`, '--out', zh, '--lang', 'zh-CN']);
    expect(readFileSync(zh, 'utf8')).toContain('应付提成');
  });

  it('without --plan, the payouts section says to pass one', async () => {
    const out = join(tmp(), 'report.html');
    const r = await runCli(['report', ...sampleArgs(), '--out', out]);
    expect(r.stdout).toContain('Payouts: shown when --plan plan.json is given.');
    expect(readFileSync(out, 'utf8')).toContain('(--plan plan.json)');
  });

  it('--json prints the run, the content read back from the period close, and writes no file without --out', async () => {
    const r = await runCli(['report', ...sampleArgs(), '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(true);
    expect(json.period).toBe('FY2024-Q4');
    expect(json.dateFormats[`${SAMPLE}deals.csv`]).toEqual({
      createdAt: 'M/D/YYYY',
      expectedCloseDate: 'M/D/YYYY',
      closedAt: 'M/D/YYYY',
    });
    expect(json.closes.map((c: { period: string }) => c.period)).toEqual([
      'FY2024-Q1',
      'FY2024-Q2',
      'FY2024-Q3',
      'FY2024-Q4',
    ]);
    expect(json.report.funnels[0].rows.length).toBeGreaterThan(3);
    expect(json.report.scores.length).toBe(12);
    expect(json.report.targets.rows.length).toBeGreaterThan(0);
    expect(json.out).toBeNull();
  });

  it('writes the report in Simplified Chinese with --lang zh-CN', async () => {
    const out = join(tmp(), 'report.html');
    const r = await runCli(['report', ...sampleArgs(), '--out', out, '--lang', 'zh-CN']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('排行榜');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('销售漏斗');
    expect(html).toContain('绩效排行榜');
  });
});

describe('openspm report on an export with bad rows', () => {
  function badExport(): string {
    const dir = tmp();
    for (const f of readdirSync(SAMPLE)) copyFileSync(join(SAMPLE, f), join(dir, f));
    const deals = readFileSync(join(dir, 'deals.csv'), 'utf8').trimEnd().split('\r\n');
    const good = deals[1] as string;
    const swap = (i: number, v: string) => {
      const f = good.split(',');
      f[0] = `bad-${i}`;
      f[i] = v;
      return f.join(',');
    };
    deals.push(
      swap(7, 'lots'), // line 302: amount
      swap(9, '2/30/2024 1:00 PM'), // line 303: no such day
      swap(11, 'Nowhere'), // line 304: stage
      'only,three,fields', // line 305
      good, // line 306: duplicate id
      '"unterminated,quote', // line 307
    );
    writeFileSync(join(dir, 'deals.csv'), `${deals.join('\r\n')}\r\n`);
    writeFileSync(
      join(dir, 'targets.csv'),
      `${readFileSync(join(dir, 'targets.csv'), 'utf8')}T-x,FY2024-Q9,company,,won-amount,100,CNY\r\n`,
    );
    return `${dir}/`;
  }

  it('reports every bad row with its file, line and reason, uses the good rows, exits 1', async () => {
    const dir = badExport();
    const out = join(dir, 'report.html');
    const r = await runCli(['report', ...sampleArgs(dir), '--out', out]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split('\n');
    const at = (n: number) => lines.find((l) => l.startsWith(`${dir}deals.csv:${n}: `)) ?? '';
    expect(at(302)).toMatch(/amount: "lots" is not an amount/);
    expect(at(303)).toMatch(/createdAt: "2\/30\/2024 1:00 PM" is not a real date/);
    expect(at(304)).toMatch(/stageId: "Nowhere" is not a stage of pipeline "sales"/);
    expect(at(305)).toMatch(/has 3 fields, the header has 13/);
    expect(at(306)).toMatch(/appears more than once/);
    expect(at(307)).toMatch(/not closed before the end of the file/);
    expect(r.stderr).toMatch(new RegExp(`${dir}targets.csv:8: period: .*not a valid period key`));
    expect(r.stderr).toMatch(
      /7 bad row\(s\) \(deals\.csv 6 of 306, targets\.csv 1 of 7\); the other rows were used/,
    );
    expect(r.stdout).toContain('7 bad row(s)');
    expect(existsSync(out)).toBe(true);
  });

  it('--strict writes no report and exits 1; --json lists the bad rows', async () => {
    const dir = badExport();
    const out = join(dir, 'report.html');
    const r = await runCli(['report', ...sampleArgs(dir), '--out', out, '--strict', '--json']);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    const json = JSON.parse(r.stdout);
    expect(json.ok).toBe(false);
    expect(json.badRows).toHaveLength(7);
    expect(json.badRows[0]).toMatchObject({ line: 302, unit: 'line' });
  });

  it('exits 2 on usage errors and 1 when nothing is usable', async () => {
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['report', '--deals', 'x.csv'])).code).toBe(2);
    expect((await runCli(['report', ...sampleArgs(), '--out', 'x', '--lang', 'fr'])).stderr).toMatch(
      /--lang/,
    );
    expect((await runCli(['report', ...sampleArgs(), '--unknown'])).code).toBe(2);
    const missing = await runCli([
      'report',
      '--deals',
      '/nope.csv',
      '--stages',
      '/nope.csv',
      '--as-of',
      '2024-12-31',
      '--json',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read "\/nope.csv"/);
    const dir = tmp();
    writeFileSync(join(dir, 'stages.csv'), 'id,name,kind\nnew,New,open\nwon,Won,won\nlost,Lost,lost\n');
    writeFileSync(join(dir, 'deals.csv'), 'id,owner,amount,created,stage\n1,ana,x,2024-01-01,new\n');
    const none = await runCli([
      'report',
      '--deals',
      join(dir, 'deals.csv'),
      '--stages',
      join(dir, 'stages.csv'),
      '--map',
      'owner=ownerId,created=createdAt,stage=stageId',
      '--as-of',
      '2024-12-31',
      '--json',
    ]);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/deals.csv:2: amount: "x" is not an amount/);
    expect(none.stderr).toMatch(/no usable pipeline or deal/);
  });

  it('reads JSON exports and D/M/YYYY dates, and shows a progress bar for large inputs', async () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'stages.json'),
      JSON.stringify([
        { id: 'new', name: 'New', kind: 'open', order: 0 },
        { id: 'won', name: 'Won', kind: 'won', order: 1 },
        { id: 'lost', name: 'Lost', kind: 'lost', order: 2 },
      ]),
    );
    const rows = ['id,ownerId,amount,createdAt,stageId,closedAt'];
    for (let i = 1; i <= 6000; i++) {
      const won = i % 3 === 0;
      rows.push(
        `${i},rep-${i % 7},"1,${String(i % 1000).padStart(3, '0')}.50",25/${(i % 9) + 1}/2024,${won ? 'won' : 'new'},${won ? `28/${(i % 9) + 1}/2024` : ''}`,
      );
    }
    writeFileSync(join(dir, 'deals.csv'), rows.join('\n'));
    const r = await runCli([
      'report',
      '--deals',
      join(dir, 'deals.csv'),
      '--stages',
      join(dir, 'stages.json'),
      '--currency',
      'EUR',
      '--as-of',
      '2024-09-30',
      '--out',
      join(dir, 'r.html'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/deals\.csv\s+\[#+-*\]\s+\d+% \d+ rows/);
    expect(r.stderr).toContain('100%');
    expect(r.stderr).toMatch(/note: no reps file: 7 reps taken from the deal owners/);
    expect(r.stdout).toMatch(/won amount\s+[\d,]+\.\d\d EUR/);
  });
});

describe('input helpers', () => {
  it('detects ISO, M/D/YYYY and D/M/YYYY columns, and converts with the time of day', () => {
    expect(detectDateFormat(['2024-03-05', '2024-03-06T10:00:00Z'])).toBe('ISO');
    expect(detectDateFormat(['3/5/2024', '12/31/2024'])).toBe('M/D/YYYY');
    expect(detectDateFormat(['3/5/2024', '31/12/2024'])).toBe('D/M/YYYY');
    expect(toIsoDate('3/5/2024 2:07 PM', 'M/D/YYYY')).toEqual({ iso: '2024-03-05T14:07:00' });
    expect(toIsoDate('12/1/2024 12:30 AM', 'M/D/YYYY')).toEqual({ iso: '2024-12-01T00:30:00' });
    expect(toIsoDate('3/5/2024', 'D/M/YYYY')).toEqual({ iso: '2024-05-03' });
    expect(toIsoDate('yesterday', 'ISO')).toHaveProperty('reason');
  });

  it('parses column maps, per file or for all', () => {
    expect([...parseColumnMap('Deal Stage=stageId, deals.owner=ownerId')]).toEqual([
      ['deal stage', 'stageId'],
      ['deals.owner', 'ownerId'],
    ]);
    expect(() => parseColumnMap('nope')).toThrow(/source=field/);
  });

  it('aligns CJK text by display width', () => {
    const t = formatTable(
      't',
      ['a', 'b'],
      [
        ['销售', '1'],
        ['ab', '22'],
      ],
    );
    expect(t.split('\n').slice(1)).toEqual(['a      b', '────  ──', '销售   1', 'ab    22']);
  });
});
