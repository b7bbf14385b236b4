import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { runCli } from '../support/cli.ts';
import { DEMO_FILE } from '../support/demo-target.ts';

const seed = JSON.parse(
  readFileSync(new URL('../fixtures/seed/hangzhou-psb-2019-figures.json', import.meta.url), 'utf8'),
);

function stats(args: string[]): { statistics: AgencyYearStatistics[] } {
  const result = runCli(['stats', ...args]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout);
}

describe('gongkai stats on the demo data set (杭州市公安局 2019)', () => {
  const [s] = stats(['--events', DEMO_FILE, '--agency', 'hz-psb', '--year', '2019']).statistics;
  const requests = s?.tables.requests as Record<string, Record<string, number>>;
  const sumOf = (prefix: string) =>
    Object.entries(requests)
      .filter(([row]) => row.startsWith(prefix))
      .reduce((sum, [, cells]) => sum + (cells.total ?? 0), 0);

  it('uses the 2019 format', () => expect(s?.format).toBe('2019'));

  it('reproduces every request figure the report states', () => {
    const r = seed.requests;
    expect(requests.received?.total).toBe(r.receivedThisYear);
    expect(s?.extras.requestsByChannel).toMatchObject(r.byChannel);
    expect(requests.carried_over?.total).toBe(r.carriedOverFromLastYear);
    expect(requests.carried_forward?.total).toBe(r.openAtYearEnd);
    // 已办结83件 of this year's 91: the 86 decided less the 3 carried over (all of which were decided).
    expect((requests.decided_total?.total ?? 0) - (requests.carried_over?.total ?? 0)).toBe(
      r.closedOfThisYear,
    );
    expect(requests.disclosed?.total).toBe(r.outcomes.disclosed);
    expect(requests.partially_disclosed?.total).toBe(r.outcomes.partially_disclosed);
    expect(sumOf('withheld.')).toBe(r.outcomes.withheld);
    expect(sumOf('unavailable.')).toBe(r.outcomes.unavailable.total);
    expect(requests['unavailable.not_held']?.total).toBe(r.outcomes.unavailable['unavailable.not_held']);
    expect(requests['unavailable.needs_creation']?.total).toBe(
      r.outcomes.unavailable['unavailable.needs_creation'],
    );
    expect(requests.other?.total).toBe(r.outcomes.other);
    expect(requests.decided_total?.total).toBe(r.outcomes.total);
    expect(s?.extras.fees.totalYuan).toBe(r.feesCollectedYuan);
  });

  it('reproduces the reviews table', () => {
    expect(s?.tables.reviews.reconsideration).toEqual(seed.reviews.reconsideration);
    expect(s?.tables.reviews.litigation_direct).toEqual(seed.reviews.litigationDirect);
    expect(s?.tables.reviews.litigation_after_reconsideration).toEqual(
      seed.reviews.litigationAfterReconsideration,
    );
  });

  it('reproduces proactive disclosure and the platform figures', () => {
    expect(s?.extras.disclosures.total).toBe(seed.proactiveDisclosure.total);
    expect(s?.extras.disclosures.byCategory).toEqual(seed.proactiveDisclosure.byCategory);
    expect(s?.extras.posts.byChannel.website).toBe(seed.platforms.websiteItemsTotal);
    expect(s?.extras.posts.byColumn.website).toEqual(seed.platforms.websiteByColumn);
    expect(s?.extras.posts.byChannel.wechat).toBe(seed.platforms.wechatPosts);
    expect(s?.extras.posts.byChannel.weibo).toBe(seed.platforms.weiboPosts);
  });

  it('warns that the named website columns explain 7,427 of 18,178 items, and about the 其他处理 share', () => {
    const ids = s?.findings.map((f) => f.ruleId);
    expect(ids).toContain('extras.listed-parts-explain-total');
    expect(s?.findings.find((f) => f.ruleId === 'extras.listed-parts-explain-total')?.message).toMatch(
      /18178.*7427/,
    );
    expect(ids).toContain('requests.other-share');
    expect(s?.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  it('prints every data and total row of the format, zeros included', () => {
    expect(Object.keys(requests)).toHaveLength(23); // 2019: no （六） sub-rows
    expect(requests['not_processed.excessive']).toEqual({
      natural_person: 0,
      commercial: 0,
      research: 0,
      public_interest: 0,
      legal_service: 0,
      other_org: 0,
      total: 0,
    });
    expect(Object.keys(s?.tables.proactive ?? {})).toEqual([
      'rule',
      'normative_document',
      'license',
      'other_service',
      'penalty',
      'enforcement',
      'charges',
      'procurement',
    ]);
  });
});

describe('gongkai stats with bad lines', () => {
  it('reports each bad line on stderr with its number and reasons, keeps the good ones, exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-stats-'));
    const file = join(dir, 'events.jsonl');
    const good = {
      eventId: 'a1',
      agencyId: 'x',
      type: 'request.received',
      occurredAt: '2022-05-01',
      data: { requestId: 'R1', channel: 'email', applicantType: 'research' },
    };
    writeFileSync(
      file,
      [
        JSON.stringify(good),
        '{not json',
        '',
        JSON.stringify({ ...good, eventId: 'a2', data: { ...good.data, channel: 'pigeon', extra: 1 } }),
        JSON.stringify(good),
      ].join('\n'),
    );
    const result = runCli(['stats', '--events', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^line 2: \(line\): not valid JSON/m);
    expect(result.stderr).toMatch(/^line 4: data\.channel: must be one of the channels/m);
    expect(result.stderr).toMatch(/^line 4: data\.extra: unknown field/m);
    const out = JSON.parse(result.stdout) as { statistics: AgencyYearStatistics[] };
    expect(out.statistics.map((e) => [e.agencyId, e.year, e.tables.requests.received?.research])).toEqual([
      ['x', 2022, 1],
    ]);
  });

  it('explains a missing --events and has --help', () => {
    expect(runCli(['stats']).stderr).toMatch(/--events/);
    const help = runCli(['stats', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--agency/);
  });
});

describe('the demo data set', () => {
  it('is exactly what its target synthesizes (npm run demo:build)', async () => {
    const { demoLines } = await import('../support/demo-target.ts');
    expect(readFileSync(DEMO_FILE, 'utf8') === demoLines()).toBe(true);
  });
});
