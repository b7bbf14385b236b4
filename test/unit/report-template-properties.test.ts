/**
 * Templates and narratives against hostile input (fast-check): validation never throws and names a path for
 * every fault; any placeholder text parses or is refused with a reason; a report built from any valid
 * template and any generated stream states, in every sentence the office wrote, exactly the figures its
 * sources hold; names that are built-in property names never reach Object.prototype.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildReportModel,
  GENERATED_SETS,
  MISSING_FIGURE,
  parsePlaceholders,
  reportParagraphs,
  validateTemplate,
} from '../../shared/domain/report/index.ts';
import { StatisticsFold } from '../../shared/domain/statistics/fold.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { parseNarrative } from '../../shared/use-cases/narrative.ts';
import { eventStream } from '../support/arbitraries.ts';

const PROPERTY_NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'prototype'];

/** Placeholder names: real ones, near misses, property names, and noise. */
const placeholderName = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.constantFrom(
      'requests.received.total',
      'requests.withheld.total',
      'requests.unavailable.not_held.total',
      'reviews.reconsideration.corrected',
      'proactive.license.decisions',
      'disclosures.total',
      'posts.byColumn.website.警方要闻',
      'metrics.wechat_followers',
      'requestsBySubject | top 3',
      'reviewsByReason.reconsideration | top 1',
      'interpretations.byForm.video',
      'trainings.attendees',
      'fees.totalYuan',
      'agency',
      'year',
      'requests.received.total - requests.carried_forward.total',
    ),
  },
  { weight: 4, arbitrary: fc.constantFrom(...PROPERTY_NAMES).map((p) => `disclosures.byCategory.${p}`) },
  { weight: 1, arbitrary: fc.constantFrom(...PROPERTY_NAMES).map((p) => `requests.${p}.total`) },
  { weight: 1, arbitrary: fc.constantFrom(...PROPERTY_NAMES) },
  { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
);

/** Literal text: Chinese, digits, punctuation and stray braces. */
const literal = fc.string({
  unit: fc.constantFrom('共', '件', '，', '。', 'a', '1', '{', '}', ' ', '%'),
  maxLength: 8,
});
const officeText = fc
  .array(
    fc.oneof(
      literal,
      placeholderName.map((n) => `{{${n}}}`),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const block = fc.oneof(
  officeText.map((text) => ({ type: 'text', text })),
  officeText.map((text) => ({ type: 'subheading', text })),
  fc.constantFrom(...GENERATED_SETS).map((sentences) => ({ type: 'generated', sentences })),
  fc.constantFrom('proactive', 'requests', 'reviews').map((table) => ({ type: 'table', table })),
  fc.constantFrom('outcomes', 'channels').map((chart) => ({ type: 'chart', chart })),
  fc.constant({ type: 'slot', slot: 'constructor' }),
);

/** Templates that are valid but for their placeholders (which the generator mixes from good and bad). */
const template = fc
  .array(fc.record({ heading: officeText, blocks: fc.array(block, { maxLength: 6 }) }), {
    minLength: 1,
    maxLength: 3,
  })
  .map((sections) => ({
    id: 'fuzz',
    name: '模糊测试',
    slots: [{ id: 'constructor', label: '说明', guidance: '任意' }],
    sections: sections.map((section, i) => ({
      id: `s${i}`,
      heading: section.heading,
      blocks: i === 0 ? [...section.blocks, { type: 'slot', slot: 'constructor' }] : section.blocks,
    })),
  }));

function statisticsOf(events: readonly unknown[]): AgencyYearStatistics | undefined {
  const fold = new StatisticsFold();
  for (const e of events) fold.add(e as never);
  return fold.statistics({}).find((s) => s.year >= 2019);
}

describe('templates against hostile input', () => {
  it('validation never throws; every fault has a path', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), template, fc.jsonValue()), (input) => {
        const result = validateTemplate(input);
        if (!result.ok) {
          expect(result.issues.length).toBeGreaterThan(0);
          for (const issue of result.issues) expect(issue.path.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('any text parses into literal parts and placeholders, or says what is wrong', () => {
    fc.assert(
      fc.property(officeText, (text) => {
        const { parts, issues } = parsePlaceholders(text);
        for (const issue of issues) expect(issue.reason.length).toBeGreaterThan(0);
        if (issues.length === 0) {
          const literal = parts.map((p) => (typeof p === 'string' ? p : p.source)).join('');
          expect(literal).toBe(text);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a report from any valid template states in the office’s sentences exactly what its sources hold', () => {
    let built = 0;
    fc.assert(
      fc.property(template, eventStream, fc.string({ maxLength: 40 }), (candidate, events, text) => {
        const valid = validateTemplate(candidate);
        if (!valid.ok) return;
        built++;
        const stats = statisticsOf(events);
        fc.pre(stats !== undefined);
        const model = buildReportModel({
          stats: stats!,
          agencyName: '某局',
          template: valid.template,
          slots: { constructor: text },
          today: '2025-01-20',
        });
        const json = JSON.stringify(model);
        expect(json).not.toContain('[native code]');
        for (const { origin, sentence } of reportParagraphs(model)) {
          if (origin !== 'office') continue;
          for (const f of sentence.figures) {
            expect(sentence.text).toContain(f.text);
            expect(Number.isFinite(f.value)).toBe(true);
          }
        }
        const missing = model.findings.filter((f) => f.ruleId === 'template.missing-figure').length;
        const printed =
          reportParagraphs(model)
            .map((p) => p.sentence.text)
            .join('')
            .split(MISSING_FIGURE).length - 1;
        // Every 【缺少数据】 in the body has its error finding (headings may hold more).
        expect(missing).toBeGreaterThanOrEqual(printed);
        if (missing > 0) expect(model.draft).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(built).toBeGreaterThan(40);
  });

  it('a narrative slot named like a built-in property is text like any other', () => {
    const valid = validateTemplate({
      id: 'x',
      name: 'x',
      slots: [{ id: 'constructor', label: '说明', guidance: 'g' }],
      sections: [{ id: 'a', heading: '一、', blocks: [{ type: 'slot', slot: 'constructor' }] }],
    });
    if (!valid.ok) throw new Error('the template is valid');
    expect(parseNarrative('{"constructor": "第一段。"}', valid.template)).toEqual({
      constructor: '第一段。',
    });
    expect(() => parseNarrative('{"__proto__": {"x": 1}}', valid.template)).toThrow(/not valid/);
    expect(() => parseNarrative('{"toString": "x"}', valid.template)).toThrow(/not valid/);
  });
});
