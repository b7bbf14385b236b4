/**
 * The demo data set: 杭州市公安局's 2019 report (published 2020-01-19) as a synthesizer target.
 *
 * Stated by the report (and reproduced exactly): 91 received (47 online, 34 letter, 10 in person), 3 carried
 * over, outcomes 14 / 11 / 1 / 47 (45 not held, 2 needs creation) / 13 other = 86, 8 carried forward;
 * reconsideration 1/5/3/8 = 17, litigation direct 1 upheld, after reconsideration 1 pending; 188 proactive
 * items by category; website 18,178 items of which the named columns list 7,427; WeChat 1,387; Weibo 5,216;
 * no fees.
 *
 * INVENTED (the report does not state them): the applicant types (3 commercial, 2 legal-service applicants,
 * the rest natural persons), the one 不予公开 sub-reason (保护第三方合法权益), which 其他处理 sub-reason each
 * of the 13 had, the channels each disclosure went out on, every figure of the 2019 proactive table
 * (figures.declared), all dates and ids, and the traps (retries, a correction, clock events, year-edge events).
 */
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

/** The demo file's exact text: the target synthesized with traps, one event per line. */
export function demoLines(): string {
  const events = synthesize(HZ_PSB_2019, { seed: DEMO_SEED, traps: true });
  return `${events.map((e) => JSON.stringify({ ...e, source: 'gongkai-demo' })).join('\n')}\n`;
}
