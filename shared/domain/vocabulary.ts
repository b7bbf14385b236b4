/**
 * The codes of the event contract as plain constants, without zod: what the report model and the
 * renderers need (channel lists, row and column ids) without pulling the schemas into their bundles.
 * shared/domain/contract.ts re-exports all of it.
 */
export const CHANNELS = ['online', 'letter', 'in_person', 'fax', 'email', 'other'] as const;
export const APPLICANT_TYPES = [
  'natural_person',
  'commercial',
  'research',
  'public_interest',
  'legal_service',
  'other_org',
] as const;
export const OUTCOMES = [
  'disclosed',
  'partially_disclosed',
  'withheld.state_secret',
  'withheld.law_prohibited',
  'withheld.security_stability',
  'withheld.third_party_rights',
  'withheld.internal_affairs',
  'withheld.process_information',
  'withheld.enforcement_file',
  'withheld.inquiry_matter',
  'unavailable.not_held',
  'unavailable.needs_creation',
  'unavailable.unclear',
  'not_processed.complaint',
  'not_processed.duplicate',
  'not_processed.publication',
  'not_processed.excessive',
  'not_processed.confirmation',
  'other.no_clarification',
  'other.fee_unpaid',
  'other.other',
] as const;
export const PUBLICATION_CHANNELS = [
  'website',
  'wechat',
  'weibo',
  'app',
  'newspaper',
  'broadcast',
  'press_conference',
  'reading_room',
  'bulletin_board',
  'other',
] as const;
export const REGULATION_KINDS = ['rule', 'normative_document'] as const;
export const DECISION_KINDS = ['license', 'penalty', 'enforcement'] as const;
export const REVIEW_KINDS = [
  'reconsideration',
  'litigation_direct',
  'litigation_after_reconsideration',
] as const;
export const REVIEW_RESULTS = ['upheld', 'corrected', 'other'] as const;
/** 政策解读 by form: 文字解读, 图解, 视频, 音频, 新闻发布会解读或在线访谈, 其他. */
export const INTERPRETATION_FORMS = ['text', 'graphic', 'video', 'audio', 'briefing', 'other'] as const;

/**
 * The data rows of the 2019 format's proactive table and their columns: the cells `figures.declared` may
 * name. Kept here as ids only so that validation (the ingest bundle) does not carry the format's Chinese
 * labels; test/unit/contract.test.ts checks it against shared/domain/formats/format-2019.ts.
 */
export const FIGURE_CELLS_2019 = {
  rule: ['new_made', 'new_published', 'total_published'],
  normative_document: ['new_made', 'new_published', 'total_published'],
  license: ['prev_year_items', 'change', 'decisions'],
  other_service: ['prev_year_items', 'change', 'decisions'],
  penalty: ['prev_year_items', 'change', 'decisions'],
  enforcement: ['prev_year_items', 'change', 'decisions'],
  charges: ['prev_year_items', 'change'],
  procurement: ['items', 'amount_yuan'],
} as const satisfies Record<string, readonly string[]>;

export type Channel = (typeof CHANNELS)[number];
export type ApplicantType = (typeof APPLICANT_TYPES)[number];
export type Outcome = (typeof OUTCOMES)[number];
export type PublicationChannel = (typeof PUBLICATION_CHANNELS)[number];
export type RegulationKind = (typeof REGULATION_KINDS)[number];
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type ReviewKind = (typeof REVIEW_KINDS)[number];
export type ReviewResult = (typeof REVIEW_RESULTS)[number];
export type InterpretationForm = (typeof INTERPRETATION_FORMS)[number];
