/** Chinese names of the codes the report prints besides the format's own labels. */
import type { EventType } from '../contract.ts';
import type { TableId } from '../formats/index.ts';
import type { Severity } from '../statistics/types.ts';
import type { Channel, InterpretationForm, PublicationChannel, ReviewKind } from '../vocabulary.ts';

export const CHANNEL_LABELS: Readonly<Record<Channel, string>> = {
  online: '网上申请',
  letter: '信函申请',
  in_person: '当面申请',
  fax: '传真申请',
  email: '电子邮件申请',
  other: '其他方式',
};

export const PUBLICATION_CHANNEL_LABELS: Readonly<Record<PublicationChannel, string>> = {
  website: '政府网站',
  wechat: '政务微信',
  weibo: '政务微博',
  app: '政务客户端',
  newspaper: '报刊',
  broadcast: '广播电视',
  press_conference: '新闻发布会',
  reading_room: '政府信息查阅场所',
  bulletin_board: '公开栏',
  other: '其他渠道',
};

export const SEVERITY_LABELS: Readonly<Record<Severity, string>> = { error: '错误', warning: '警告' };

/** Short names of the three tables, also the suffix of their sheet names (表一 主动公开 …). */
export const TABLE_SHORT_NAMES: Readonly<Record<TableId, string>> = {
  proactive: '主动公开',
  requests: '依申请公开',
  reviews: '复议诉讼',
};

export const TABLE_NUMBERS: Readonly<Record<TableId, string>> = {
  proactive: '表一',
  requests: '表二',
  reviews: '表三',
};

export const DRAFT_MARK = '草稿';

/** 政策解读 by form (interpretation.published). */
export const INTERPRETATION_FORM_LABELS: Readonly<Record<InterpretationForm, string>> = {
  text: '文字解读',
  graphic: '图解',
  video: '视频解读',
  audio: '音频解读',
  briefing: '新闻发布会和在线访谈解读',
  other: '其他形式解读',
};

export const REVIEW_KIND_LABELS: Readonly<Record<ReviewKind, string>> = {
  reconsideration: '行政复议',
  litigation_direct: '未经复议直接起诉的行政诉讼',
  litigation_after_reconsideration: '复议后起诉的行政诉讼',
};

/** What an event is, in words: the amendments of a published year are listed by these. */
export const EVENT_TYPE_LABELS: Readonly<Record<EventType, string>> = {
  'request.received': '收到政府信息公开申请',
  'request.clarification_requested': '告知补正申请',
  'request.clarified': '收到补正材料',
  'request.consultation_started': '开始征求意见',
  'request.consultation_ended': '征求意见结束',
  'request.extended': '延长答复期限',
  'request.decided': '作出答复决定',
  'request.fee_charged': '收取信息处理费',
  'disclosure.published': '主动公开政府信息',
  'disclosure.withdrawn': '撤回主动公开信息',
  'post.published': '平台发布信息',
  'regulation.issued': '制发规章或规范性文件',
  'regulation.repealed': '废止规章或规范性文件',
  'regulation.stock_declared': '申报现行有效件数',
  'decisions.recorded': '记录行政处理决定',
  'charges.collected': '收取行政事业性收费',
  'figures.declared': '申报统计数据',
  'review.filed': '行政复议或诉讼立案',
  'review.concluded': '行政复议或诉讼审结',
  'metric.declared': '申报工作数据',
  'interpretation.published': '发布政策解读',
  'press_conference.held': '召开新闻发布会',
  'concern.responded': '回应公众关注',
  'training.held': '组织培训',
};
