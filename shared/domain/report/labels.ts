/** Chinese names of the codes the report prints besides the format's own labels. */
import type { Channel, InterpretationForm, PublicationChannel } from '../contract.ts';
import type { TableId } from '../formats/index.ts';
import type { Severity } from '../statistics/types.ts';

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
  briefing: '新闻发布会解读和在线访谈',
  other: '其他形式',
};
