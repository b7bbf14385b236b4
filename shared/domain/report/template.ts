/**
 * A report template: the report's sections in order, each with its heading and its blocks — the office's
 * narrative slots (named, with the guidance shown to the writer), generated sentences, the national tables
 * (in a section or as 附件 表一–表三), charts, and sentences the office writes with placeholders bound to
 * figures. A template is data (JSON), validated here; docs/templates.md describes it.
 */
import * as z from 'zod';
import { type FieldIssue, formatPath } from '../contract.ts';
import type { TableId } from '../formats/index.ts';
import { unprintableReason } from '../text.ts';
import { parsePlaceholders } from './placeholders.ts';

/** The sets of generated sentences a template may place (see model.ts for what each says). */
export const GENERATED_SETS = [
  'platform',
  'metrics',
  'disclosures',
  'interpretations',
  'responses',
  'trainings',
  'proactive',
  'requests',
  'applicants',
  'channels',
  'subjects',
  'timeliness',
  'reviews',
  'review_reasons',
  'fees',
  'comparison_proactive',
  'comparison_requests',
  'comparison_reviews',
] as const;
export type GeneratedSet = (typeof GENERATED_SETS)[number];

export const CHART_IDS = ['outcomes', 'channels'] as const;
export type ChartId = (typeof CHART_IDS)[number];

export const SLOT_KINDS = ['paragraphs', 'line', 'date'] as const;
export type SlotKind = (typeof SLOT_KINDS)[number];

const TABLE_ID_LIST = ['proactive', 'requests', 'reviews'] as const;

const printable = (max: number, options: { lines?: boolean } = {}) =>
  z
    .string({ error: 'must be a string' })
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .superRefine((text, context) => {
      const reason = unprintableReason(text, options);
      if (reason) context.addIssue({ code: 'custom', message: reason });
    });

/** Text that may hold placeholders: each one must name a figure or a word of the vocabulary. */
const withPlaceholders = (max: number) =>
  printable(max).superRefine((text, context) => {
    for (const issue of parsePlaceholders(text).issues) {
      context.addIssue({
        code: 'custom',
        message: `unknown placeholder ${issue.placeholder}: ${issue.reason}`,
      });
    }
  });

const id = (what: string) =>
  z
    .string({ error: `${what} must be a string` })
    .regex(
      /^[a-z][a-z0-9_]{0,31}$/u,
      `${what} must be 1–32 characters of a-z, 0-9 and _, starting with a letter`,
    );

const slotSchema = z.strictObject({
  id: id('a slot id'),
  label: printable(64),
  /** What to write here: shown to the writer, never printed. */
  guidance: printable(2000, { lines: true }),
  kind: z.enum(SLOT_KINDS, { error: `must be one of ${SLOT_KINDS.join(', ')}` }).default('paragraphs'),
  /** Left empty: an error finding (the report cannot be published without it). */
  required: z.boolean({ error: 'must be true or false' }).default(false),
  /** Left empty: a warning (the report can be published; the office is reminded). */
  recommended: z.boolean({ error: 'must be true or false' }).default(false),
});

const blockSchema = z.discriminatedUnion(
  'type',
  [
    z.strictObject({ type: z.literal('subheading'), text: withPlaceholders(200) }),
    z.strictObject({ type: z.literal('slot'), slot: id('a slot id') }),
    z.strictObject({ type: z.literal('text'), text: withPlaceholders(4000) }),
    z.strictObject({
      type: z.literal('generated'),
      sentences: z.enum(GENERATED_SETS, { error: `must be one of ${GENERATED_SETS.join(', ')}` }),
    }),
    z.strictObject({
      type: z.literal('table'),
      table: z.enum(TABLE_ID_LIST, { error: `must be one of ${TABLE_ID_LIST.join(', ')}` }),
    }),
    z.strictObject({
      type: z.literal('chart'),
      chart: z.enum(CHART_IDS, { error: `must be one of ${CHART_IDS.join(', ')}` }),
    }),
  ],
  { error: 'must be a block: type subheading, slot, text, generated, table or chart' },
);

const headerFieldSchema = z.union(
  [
    z.strictObject({ label: printable(16), text: withPlaceholders(200) }),
    z.strictObject({ label: printable(16), slot: id('a slot id') }),
  ],
  { error: 'must be {label, text} or {label, slot}' },
);

const sectionSchema = z.strictObject({
  id: id('a section id'),
  heading: withPlaceholders(200),
  blocks: z.array(blockSchema, { error: 'must be a list of blocks' }).max(60, 'at most 60 blocks'),
});

export const templateSchema = z
  .strictObject({
    id: z
      .string({ error: 'must be a string' })
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/u, 'must be 1–64 characters of a-z, 0-9 and -'),
    name: printable(64),
    title: withPlaceholders(200).default('{{agency}}{{year}}年政府信息公开工作年度报告'),
    /** The lines above the title (发布机构, 成文日期, 索引号, 文号): a line whose slot is empty is left out. */
    header: z.array(headerFieldSchema, { error: 'must be a list' }).max(8, 'at most 8 lines').default([]),
    slots: z.array(slotSchema, { error: 'must be a list of slots' }).max(60, 'at most 60 slots'),
    preamble: z
      .array(blockSchema, { error: 'must be a list of blocks' })
      .max(20, 'at most 20 blocks')
      .default([]),
    sections: z
      .array(sectionSchema, { error: 'must be a list of sections' })
      .min(1, 'must have at least one section')
      .max(20, 'at most 20 sections'),
    /** The agency's name and the date in Chinese after the last section; the date is this slot's (成文日期). */
    signature: z.strictObject({ dateSlot: id('a slot id') }).optional(),
    /** 附件: the national tables after the signature, numbered 表一–表三 in the order given. */
    annex: z
      .strictObject({
        heading: withPlaceholders(200),
        tables: z
          .array(
            z.strictObject({
              table: z.enum(TABLE_ID_LIST, { error: `must be one of ${TABLE_ID_LIST.join(', ')}` }),
              /** Printed above the table; default 表一/表二/表三 (in order) and the format's heading. */
              caption: printable(100).optional(),
            }),
            { error: 'must be a list of {table, caption?}' },
          )
          .min(1, 'must list at least one table')
          .refine(
            (list) => new Set(list.map((t) => t.table)).size === list.length,
            'must not list a table twice',
          ),
      })
      .optional(),
  })
  .superRefine((template, context) => {
    const declared = new Map<string, number>();
    template.slots.forEach((slot, i) => {
      if (declared.has(slot.id)) {
        context.addIssue({
          code: 'custom',
          path: ['slots', i, 'id'],
          message: `slot ${slot.id} is declared twice`,
        });
      }
      declared.set(slot.id, i);
    });
    const slotKind = (slotId: string) => template.slots.find((s) => s.id === slotId)?.kind;
    const checkSlot = (slotId: string, path: (string | number)[], kinds: readonly SlotKind[]) => {
      const kind = slotKind(slotId);
      if (!kind)
        context.addIssue({ code: 'custom', path, message: `slot ${slotId} is not declared in slots` });
      else if (!kinds.includes(kind)) {
        context.addIssue({
          code: 'custom',
          path,
          message: `slot ${slotId} is a ${kind} slot; here a ${kinds.join(' or ')} slot goes`,
        });
      }
    };
    const checkBlocks = (blocks: readonly Block[], at: (string | number)[]) =>
      blocks.forEach((block, i) => {
        if (block.type === 'slot') checkSlot(block.slot, [...at, i, 'slot'], ['paragraphs', 'line']);
      });
    checkBlocks(template.preamble, ['preamble']);
    const sectionIds = new Set<string>();
    template.sections.forEach((section, i) => {
      if (sectionIds.has(section.id)) {
        context.addIssue({
          code: 'custom',
          path: ['sections', i, 'id'],
          message: `section ${section.id} appears twice`,
        });
      }
      sectionIds.add(section.id);
      checkBlocks(section.blocks, ['sections', i, 'blocks']);
    });
    template.header.forEach((field, i) => {
      if ('slot' in field) checkSlot(field.slot, ['header', i, 'slot'], ['line', 'date']);
    });
    if (template.signature) checkSlot(template.signature.dateSlot, ['signature', 'dateSlot'], ['date']);
    const used = new Set<string>();
    const collect = (blocks: readonly Block[]) => {
      for (const b of blocks) if (b.type === 'slot') used.add(b.slot);
    };
    collect(template.preamble);
    for (const s of template.sections) collect(s.blocks);
    for (const f of template.header) if ('slot' in f) used.add(f.slot);
    if (template.signature) used.add(template.signature.dateSlot);
    template.slots.forEach((slot, i) => {
      if (!used.has(slot.id)) {
        context.addIssue({
          code: 'custom',
          path: ['slots', i, 'id'],
          message: `slot ${slot.id} is declared but placed nowhere`,
        });
      }
    });
  });

export type ReportTemplate = z.output<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;
export type Block = z.output<typeof blockSchema>;
export type TemplateSlot = z.output<typeof slotSchema>;
export type TemplateSection = z.output<typeof sectionSchema>;
export type HeaderField = z.output<typeof headerFieldSchema>;

export type TemplateValidation =
  | { readonly ok: true; readonly template: ReportTemplate }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };

/** Validates a template document; every issue with its field path. Never throws. */
export function validateTemplate(input: unknown): TemplateValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '(template)', message: 'a template must be a JSON object' }] };
  }
  const result = templateSchema.safeParse(input);
  if (result.success) return { ok: true, template: result.data };
  return { ok: false, issues: templateIssues(result.error) };
}

/** The tables a template prints, in a section or in the annex. */
export function templateTables(template: ReportTemplate): TableId[] {
  const tables = new Set<TableId>();
  for (const section of template.sections) {
    for (const block of section.blocks) if (block.type === 'table') tables.add(block.table);
  }
  for (const { table } of template.annex?.tables ?? []) tables.add(table);
  return [...tables];
}

/** zod's issues as field issues: one per unknown key, so that each names its own path. */
function templateIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ path: formatPath([...issue.path, key], ''), message: 'unknown field' }))
      : [{ path: formatPath(issue.path, '').replace(/^\(event\)$/u, '(template)'), message: issue.message }],
  );
}
