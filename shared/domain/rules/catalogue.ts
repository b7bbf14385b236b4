/**
 * Every finding Gongkai can raise, by id: the table rules, the stream anomalies, the roll-up's rule, the
 * report's own findings (template, year in progress, amendments after publication). One place, so that
 * findings.html and the docs can list them and a finding with an id not listed here does not compile.
 * The severity is the usual one; `proactive.in-force-continuity` is an error when the stock falls below zero.
 */
import type { Severity } from '../statistics/types.ts';

export interface CatalogueEntry {
  readonly severity: Severity;
  /** What the finding means, in Chinese (officers read it). */
  readonly description: string;
}

export const FINDING_CATALOGUE = {
  'requests.balance': {
    severity: 'error',
    description: '依申请公开表每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度。',
  },
  'requests.row-total': {
    severity: 'error',
    description: '依申请公开表每一行：总计 = 自然人 + 法人或其他组织五列之和。',
  },
  'requests.decided-total': {
    severity: 'error',
    description: '依申请公开表每一列：（七）总计 = 各项办理结果之和。',
  },
  'reviews.total': {
    severity: 'error',
    description: '行政复议和各类行政诉讼：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。',
  },
  'cells.well-formed': {
    severity: 'error',
    description: '件数为不小于0的整数（金额和2019年格式的本年增/减除外）。',
  },
  'requests.carry-over': {
    severity: 'error',
    description: '本年上年结转 = 上一年度结转下年度，每一列相同。',
  },
  'requests.other-share': {
    severity: 'warning',
    description: '（六）其他处理在全部办理结果中占比过高（主管部门会跟进了解）。',
  },
  'proactive.in-force-continuity': {
    severity: 'warning',
    description: '现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止（2021年格式）；低于0时为错误。',
  },
  'extras.listed-parts-explain-total': {
    severity: 'warning',
    description: '分项之和不足总数（某一渠道的信息有未归入任何栏目的）。',
  },
  'rollup.metric-units-differ': {
    severity: 'warning',
    description: '各下级机关以不同计量单位申报同一项数据，汇总时不相加。',
  },
  'stream.decision-without-receipt': {
    severity: 'warning',
    description: '有办理结果但没有收到申请的记录；收到申请的事件到达前不计入。',
  },
  'stream.receipt-applicant-types-differ': {
    severity: 'warning',
    description: '同一申请两次收到且申请人类别不同；按最早收到的记录统计。',
  },
  'stream.several-plain-decisions': {
    severity: 'warning',
    description: '同一申请有多个普通办理结果；按最后一个统计（如需替换请发送更正）。',
  },
  'stream.decision-before-receipt': {
    severity: 'warning',
    description: '办理结果早于收到申请的时间；计入收到申请的年度。',
  },
  'stream.conclusion-without-filing': {
    severity: 'warning',
    description: '复议或诉讼案件有结果但没有立案记录；不计入。',
  },
  'stream.case-kinds-differ': {
    severity: 'warning',
    description: '同一案件两次立案且类别不同；按最早的立案统计。',
  },
  'stream.case-concluded-twice': {
    severity: 'warning',
    description: '同一案件有多个结果；按最后一个结果统计。',
  },
  'stream.event-conflict': {
    severity: 'warning',
    description: '同一事件编号对应不同的事件内容；只保留其中一个。',
  },
  'stream.metric-units-differ': {
    severity: 'warning',
    description: '同一年度以不同计量单位申报的数据，采用最后一次申报的数值和单位。',
  },
  'report.year-in-progress': {
    severity: 'warning',
    description: '报告年度尚未结束，本稿数据截至生成之日；年度结束后重新生成再发布。',
  },
  'publication.amendments': {
    severity: 'warning',
    description: '该年度报告已发布并锁定，此后收到属于该年度的事件，列为更正事项。',
  },
  'publication.amendment': {
    severity: 'warning',
    description: '发布后收到的一条属于该年度的事件（更正事项）。',
  },
  'template.missing-figure': {
    severity: 'error',
    description: '模板引用的数据在该年度没有（未申报或没有对应事件），报告中印为【缺少数据】，不得发布。',
  },
  'template.slot-required': {
    severity: 'error',
    description: '模板要求填写的内容尚未填写，填写后才能发布。',
  },
  'template.slot-empty': {
    severity: 'warning',
    description: '模板建议填写的内容尚未填写，报告中该处不出现文字。',
  },
  'template.slot-date': {
    severity: 'error',
    description: '应填日期的内容不是日期（如2020-01-02）。',
  },
} as const satisfies Record<string, CatalogueEntry>;

/** The id of a finding: only the catalogue's. */
export type RuleId = keyof typeof FINDING_CATALOGUE;

export const RULE_IDS = Object.keys(FINDING_CATALOGUE) as RuleId[];

export function isRuleId(id: string): id is RuleId {
  return Object.hasOwn(FINDING_CATALOGUE, id);
}

/** A rule's id with its severity and description, from the catalogue. */
export function catalogued<const Id extends RuleId>(
  id: Id,
): { readonly id: Id } & (typeof FINDING_CATALOGUE)[Id] {
  return { id, ...FINDING_CATALOGUE[id] };
}
