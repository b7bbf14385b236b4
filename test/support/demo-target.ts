/**
 * The demo data set: 杭州市公安局's 2019 report (published 2020-01-19) as a synthesizer target.
 *
 * Stated by the report (and reproduced exactly): 91 received (47 online, 34 letter, 10 in person), 3 carried
 * over, outcomes 14 / 11 / 1 / 47 (45 not held, 2 needs creation) / 13 other = 86, 8 carried forward;
 * reconsideration 1/5/3/8 = 17, litigation direct 1 upheld, after reconsideration 1 pending; 188 proactive
 * items by category; website 18,178 items of which the named columns list 7,427; WeChat 1,387; Weibo 5,216;
 * no fees.
 *
 * Declared and counted beyond the tables (stated by the report): WeChat 80,301 verified users this year and
 * 272,199 registrations in all, the APP's 515万 uses (116万 / 101万 / 54万 for the three most used services),
 * 1,120 news items (metric.declared), 6 press conferences (press_conference.held).
 *
 * INVENTED (the report does not state them): the subject of each request (the report names the three main
 * ones: 案件办理情况, 接处警记录, 交通管理类), the reason of each reconsideration (the report gives the main one:
 * 对接处警和行政管理信息公开答复不满), the dates of the press conferences, the applicant types (3 commercial, 2 legal-service applicants,
 * the rest natural persons), the one 不予公开 sub-reason (保护第三方合法权益), which 其他处理 sub-reason each
 * of the 13 had, the channels each disclosure went out on, every figure of the 2019 proactive table
 * (figures.declared), all dates and ids, and the traps (retries, a correction, clock events, year-edge events).
 */
import { parseOccurredAt, yearOfDay } from '../../shared/domain/time.ts';
import { type ReportTarget, synthesize } from './synthesize.ts';

const row = (cells: Partial<Record<string, number>>) => cells as Record<string, number>;

export const HZ_PSB_2019: ReportTarget = {
  agencyId: 'hz-psb',
  year: 2019,
  tables: {
    requests: {
      received: row({ natural_person: 86, commercial: 3, legal_service: 2 }),
      carried_over: row({ natural_person: 3 }),
      disclosed: row({ natural_person: 11, commercial: 2, legal_service: 1 }),
      partially_disclosed: row({ natural_person: 10, commercial: 1 }),
      'withheld.third_party_rights': row({ natural_person: 1 }),
      'unavailable.not_held': row({ natural_person: 45 }),
      'unavailable.needs_creation': row({ natural_person: 2 }),
      other: row({ natural_person: 13 }),
      carried_forward: row({ natural_person: 7, legal_service: 1 }),
    },
    reviews: {
      reconsideration: row({ upheld: 1, corrected: 5, other: 3, pending: 8 }),
      litigation_direct: row({ upheld: 1 }),
      litigation_after_reconsideration: row({ pending: 1 }),
    },
    proactive: {
      rule: row({ new_made: 0, new_published: 0, total_published: 3 }),
      normative_document: row({ new_made: 4, new_published: 4, total_published: 42 }),
      license: row({ prev_year_items: 36, change: -2, decisions: 152_310 }),
      other_service: row({ prev_year_items: 58, change: 3, decisions: 98_120 }),
      penalty: row({ prev_year_items: 1_204, change: 12, decisions: 1_532_644 }),
      enforcement: row({ prev_year_items: 23, change: 0, decisions: 41_387 }),
      charges: row({ prev_year_items: 9, change: -1 }),
      procurement: row({ items: 6, amount_yuan: 251_000 }),
    },
  },
  extras: {
    requestsByChannel: { online: 47, letter: 34, in_person: 10 },
    disclosuresByCategory: {
      法规文件: 11,
      规划计划: 6,
      统计分析: 24,
      财政信息: 6,
      人事信息: 10,
      公告公示: 106,
      建议提案: 16,
      重点领域信息公开: 9,
    },
    posts: {
      byChannel: { website: 18_178, wechat: 1_387, weibo: 5_216 },
      byColumn: {
        website: {
          警方要闻: 209,
          警方公告: 489,
          安全防范信息: 1_201,
          最新警讯: 5_263,
          公安视频: 5,
          新闻发布会: 260,
        },
      },
    },
  },
};

/** Where the demo data set lives, and the seed the synthesizer uses for it. */
export const DEMO_FILE = 'demo/hz-psb-2019.jsonl';
export const DEMO_SEED = 2019;

/** Figures the real report states beyond the tables, as the office declares them (metric.declared). */
export const HZ_PSB_2019_METRICS = [
  { key: 'wechat_verified_users', label: '“杭州公安”微信公众号实人认证注册人数', unit: '人', value: 80_301 },
  { key: 'wechat_registered_total', label: '“杭州公安”微信公众号总注册人数', unit: '人次', value: 272_199 },
  { key: 'app_uses', label: '“警察叔叔”APP查询和办理事项', unit: '万余次', value: 515 },
  { key: 'app_violation_handling', label: '“警察叔叔”APP车辆违章处理', unit: '万余次', value: 116 },
  { key: 'app_violation_query', label: '“警察叔叔”APP车辆违章查询', unit: '万余次', value: 101 },
  { key: 'app_point_reduction', label: '“警察叔叔”APP驾驶人减分学习', unit: '万余次', value: 54 },
  { key: 'news_items', label: '刊发、播出、推送新闻稿件', unit: '篇', value: 1_120 },
] as const;
export const HZ_PSB_2019_PRESS_CONFERENCES = 6;
/** Invented: what the 2019 requests were about, largest first (the report names the first three). */
export const HZ_PSB_2019_SUBJECTS = [
  ['案件办理情况', 38],
  ['接处警记录', 27],
  ['交通管理类', 16],
  ['户籍管理', 6],
  ['出入境管理', 4],
] as const;
/** Invented: the reasons of the 17 reconsiderations (the report gives the main one). */
export const HZ_PSB_2019_REVIEW_REASONS = [
  ['对接处警信息公开答复不满', 11],
  ['对行政管理信息公开答复不满', 6],
] as const;

type DemoEvent = ReturnType<typeof synthesize>[number];

/** Spreads names over ids in their sorted order: the same ids always get the same name. */
function assign(ids: readonly string[], shares: readonly (readonly [string, number])[]): Map<string, string> {
  const sorted = [...new Set(ids)].sort();
  const names = shares.flatMap(([name, n]) => Array.from({ length: n }, () => name));
  return new Map(sorted.map((id, i) => [id, names[i % names.length]!]));
}

/** The report's figures beyond the tables: subjects and reasons on the events, declared metrics, conferences. */
function withDeclaredFigures(events: readonly DemoEvent[]): DemoEvent[] {
  const data = (e: DemoEvent) => e.data as Record<string, unknown>;
  const requestIds = events
    .filter((e) => e.type === 'request.received' && yearOfDay(parseOccurredAt(e.occurredAt)!.day) === 2019)
    .map((e) => String(data(e).requestId));
  const caseIds = events
    .filter((e) => e.type === 'review.filed' && data(e).kind === 'reconsideration')
    .map((e) => String(data(e).caseId));
  const subjects = assign(requestIds, HZ_PSB_2019_SUBJECTS);
  const reasons = assign(caseIds, HZ_PSB_2019_REVIEW_REASONS);
  const out = events.map((e) => {
    const subject = e.type === 'request.received' ? subjects.get(String(data(e).requestId)) : undefined;
    if (subject) return { ...e, data: { ...data(e), subject } } as DemoEvent;
    const reason = e.type === 'review.filed' ? reasons.get(String(data(e).caseId)) : undefined;
    if (reason) return { ...e, data: { ...data(e), reason } } as DemoEvent;
    return e;
  });
  HZ_PSB_2019_METRICS.forEach((metric, i) => {
    out.push({
      agencyId: 'hz-psb',
      eventId: `metric-2019-${metric.key}`,
      type: 'metric.declared',
      occurredAt: `2020-01-0${2 + (i % 2)}T10:00:00+08:00`,
      data: { year: 2019, ...metric },
    } as DemoEvent);
  });
  for (let i = 1; i <= HZ_PSB_2019_PRESS_CONFERENCES; i++) {
    out.push({
      agencyId: 'hz-psb',
      eventId: `press-2019-${i}`,
      type: 'press_conference.held',
      occurredAt: `2019-${String(i * 2).padStart(2, '0')}-15T10:00:00+08:00`,
      data: { conferenceId: `PC-2019-${i}` },
    } as DemoEvent);
  }
  return out;
}

/** The demo file's exact text: the target synthesized with traps, one event per line. */
export function demoLines(): string {
  const events = withDeclaredFigures(synthesize(HZ_PSB_2019, { seed: DEMO_SEED, traps: true }));
  return `${events.map((e) => JSON.stringify({ ...e, source: 'gongkai-demo' })).join('\n')}\n`;
}

/** The demo's template and its 2019 narrative (the real report's own words), as npm start assigns them. */
export const DEMO_TEMPLATE_FILE = 'demo/hz-psb.template.json';
export const DEMO_NARRATIVE_FILE = 'demo/hz-psb-2019.narrative.json';
