import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIGURE_CELLS_2019,
  FUTURE_LIMIT_MS,
  futureIssue,
  validateEvent,
} from '../../shared/domain/contract.ts';
import { FORMAT_2019 } from '../../shared/domain/formats/format-2019.ts';

const examples = readFileSync(new URL('../fixtures/events.example.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

const base = (type: string, data: Record<string, unknown>) => ({
  eventId: 'e-1',
  agencyId: 'hz-psb',
  type,
  occurredAt: '2021-03-01T09:30:00+08:00',
  data,
});
const metricData = {
  year: 2021,
  key: 'wechat_verified_users',
  label: '微信公众号实人认证注册人数',
  unit: '人',
  value: 1250000,
};
const metric = (data: Record<string, unknown> = {}) => base('metric.declared', { ...metricData, ...data });
const received = (data: Record<string, unknown> = {}) =>
  base('request.received', { requestId: 'R1', channel: 'online', applicantType: 'natural_person', ...data });

describe('the event contract', () => {
  it('accepts every line of the contract’s example file (one of every type)', () => {
    expect(examples.length).toBe(26);
    for (const example of examples) expect(validateEvent(example)).toMatchObject({ ok: true });
    const types = new Set(examples.map((e) => e.type));
    expect(types.size).toBe(24);
  });

  it('accepts a date, a UTC instant and offsets without a colon or with fractions', () => {
    for (const occurredAt of [
      '2021-03-01',
      '2021-12-31T16:30:00Z',
      '2021-03-01T09:30+0800',
      '2021-03-01T09:30:00.123-05:00',
    ]) {
      expect(validateEvent({ ...received(), occurredAt })).toMatchObject({ ok: true });
    }
  });

  // One invalid event per rule: the path and a word of the reason it must give.
  const invalid: [string, unknown, string, RegExp][] = [
    ['not an object', [1, 2], '(event)', /JSON object/],
    ['eventId with a space', { ...received(), eventId: 'a b' }, 'eventId', /A–Z/],
    ['eventId too long', { ...received(), eventId: 'x'.repeat(129) }, 'eventId', /1–128/],
    ['eventId missing', (({ eventId: _, ...rest }) => rest)(received()), 'eventId', /string/],
    ['agencyId in capitals', { ...received(), agencyId: 'HZ' }, 'agencyId', /a–z/],
    ['agencyId too long', { ...received(), agencyId: 'a'.repeat(65) }, 'agencyId', /1–64/],
    ['unknown type', { ...received(), type: 'request.lost' }, 'type', /event types/],
    [
      'occurredAt without offset',
      { ...received(), occurredAt: '2021-03-01T09:30:00' },
      'occurredAt',
      /offset/,
    ],
    ['occurredAt impossible day', { ...received(), occurredAt: '2021-02-29' }, 'occurredAt', /real day/],
    ['occurredAt far future', { ...received(), occurredAt: '2150-01-01' }, 'occurredAt', /2000–2099/],
    ['occurredAt a number', { ...received(), occurredAt: 20210301 }, 'occurredAt', /string/],
    ['source too long', { ...received(), source: 's'.repeat(65) }, 'source', /64/],
    ['unknown envelope field', { ...received(), applicantName: '张三' }, 'applicantName', /unknown field/],
    ['unknown data field', received({ idNumber: '330…' }), 'data.idNumber', /unknown field/],
    ['data missing', (({ data: _, ...rest }) => rest)(received()), 'data', /object/],
    ['empty requestId', received({ requestId: '' }), 'data.requestId', /empty/],
    ['requestId with edge spaces', received({ requestId: ' R1' }), 'data.requestId', /spaces/],
    ['unknown channel', received({ channel: 'pigeon' }), 'data.channel', /channels/],
    ['unknown applicant type', received({ applicantType: 'robot' }), 'data.applicantType', /applicant types/],
    [
      'unknown outcome',
      base('request.decided', { requestId: 'R1', outcome: 'withheld' }),
      'data.outcome',
      /outcomes/,
    ],
    [
      'correction not boolean',
      base('request.decided', { requestId: 'R1', outcome: 'disclosed', correction: 'yes' }),
      'data.correction',
      /true or false/,
    ],
    [
      'extension of 0 days',
      base('request.extended', { requestId: 'R1', workingDays: 0 }),
      'data.workingDays',
      /≥ 1/,
    ],
    [
      'extension of 21 days',
      base('request.extended', { requestId: 'R1', workingDays: 21 }),
      'data.workingDays',
      /≤ 20/,
    ],
    [
      'extension of 2.5 days',
      base('request.extended', { requestId: 'R1', workingDays: 2.5 }),
      'data.workingDays',
      /whole/,
    ],
    [
      'negative fee',
      base('request.fee_charged', { requestId: 'R1', amountYuan: -1 }),
      'data.amountYuan',
      /≥ 0/,
    ],
    [
      'fee with three decimals',
      base('request.fee_charged', { requestId: 'R1', amountYuan: 1.005 }),
      'data.amountYuan',
      /two decimals/,
    ],
    [
      'fee as a string',
      base('request.fee_charged', { requestId: 'R1', amountYuan: '100' }),
      'data.amountYuan',
      /number/,
    ],
    [
      'no channels',
      base('disclosure.published', { itemId: 'I', category: '公告公示', channels: [] }),
      'data.channels',
      /at least one/,
    ],
    [
      'a channel twice',
      base('disclosure.published', { itemId: 'I', category: '公告公示', channels: ['website', 'website'] }),
      'data.channels',
      /twice/,
    ],
    [
      'unknown publication channel',
      base('disclosure.published', { itemId: 'I', category: 'x', channels: ['website', 'tv'] }),
      'data.channels[1]',
      /publication channels/,
    ],
    [
      'empty category',
      base('disclosure.published', { itemId: 'I', category: '', channels: ['website'] }),
      'data.category',
      /empty/,
    ],
    [
      'post column too long',
      base('post.published', { postId: 'P', channel: 'website', column: 'c'.repeat(65) }),
      'data.column',
      /64/,
    ],
    [
      'unknown regulation kind',
      base('regulation.issued', { documentId: 'D', kind: 'law' }),
      'data.kind',
      /regulation kinds/,
    ],
    [
      'negative stock',
      base('regulation.stock_declared', { kind: 'rule', inForce: -1 }),
      'data.inForce',
      /≥ 0/,
    ],
    ['zero decisions', base('decisions.recorded', { kind: 'penalty', count: 0 }), 'data.count', /≥ 1/],
    [
      'unknown decision kind',
      base('decisions.recorded', { kind: 'fine', count: 3 }),
      'data.kind',
      /decision kinds/,
    ],
    ['zero charges', base('charges.collected', { amountYuan: 0 }), 'data.amountYuan', /> 0/],
    [
      'figures for 2021',
      base('figures.declared', { year: 2021, row: 'procurement', column: 'items', value: 1 }),
      'data.year',
      /2019 or 2020/,
    ],
    [
      'figures unknown row',
      base('figures.declared', { year: 2019, row: 'nope', column: 'items', value: 1 }),
      'data.row',
      /data row/,
    ],
    [
      'figures column of another row',
      base('figures.declared', { year: 2019, row: 'charges', column: 'items', value: 1 }),
      'data.column',
      /column of row charges/,
    ],
    [
      'figures negative count',
      base('figures.declared', { year: 2019, row: 'license', column: 'decisions', value: -2 }),
      'data.value',
      /≥ 0/,
    ],
    [
      'figures fractional count',
      base('figures.declared', { year: 2019, row: 'license', column: 'decisions', value: 2.5 }),
      'data.value',
      /whole/,
    ],
    [
      'figures count beyond exact arithmetic',
      base('figures.declared', { year: 2019, row: 'license', column: 'decisions', value: 1e300 }),
      'data.value',
      /at most 9007199254740991/,
    ],
    [
      'figures money beyond any budget',
      base('figures.declared', { year: 2019, row: 'procurement', column: 'amount_yuan', value: 1e15 }),
      'data.value',
      /at most 1000000000000 yuan/,
    ],
    [
      'unknown review kind',
      base('review.filed', { caseId: 'C', kind: 'appeal' }),
      'data.kind',
      /review kinds/,
    ],
    [
      'unknown review result',
      base('review.concluded', { caseId: 'C', result: 'won' }),
      'data.result',
      /review results/,
    ],
    ['missing caseId', base('review.concluded', { result: 'upheld' }), 'data.caseId', /string/],
    // metric.declared
    ['metric year before 2019', metric({ year: 2018 }), 'data.year', /2019–2099/],
    ['metric year after the contract', metric({ year: 2100 }), 'data.year', /2019–2099/],
    ['metric year fractional', metric({ year: 2021.5 }), 'data.year', /whole/],
    ['metric year a string', metric({ year: '2021' }), 'data.year', /number/],
    ['metric key with capitals', metric({ key: 'WeChat' }), 'data.key', /a–z 0–9 _/],
    ['metric key starting with a digit', metric({ key: '1st' }), 'data.key', /starting with a letter/],
    ['metric key too long', metric({ key: `k${'x'.repeat(64)}` }), 'data.key', /1–64/],
    ['metric key with a dot', metric({ key: 'a.b' }), 'data.key', /a–z 0–9 _/],
    ['metric empty label', metric({ label: '' }), 'data.label', /empty/],
    ['metric label too long', metric({ label: '数'.repeat(65) }), 'data.label', /64/],
    ['metric label with a line break', metric({ label: '注册\n人数' }), 'data.label', /line breaks/],
    ['metric empty unit', metric({ unit: '' }), 'data.unit', /empty/],
    ['metric unit too long', metric({ unit: '次'.repeat(17) }), 'data.unit', /16/],
    ['metric unit with a control', metric({ unit: '人\u0007' }), 'data.unit', /control/],
    ['metric negative value', metric({ value: -1 }), 'data.value', /≥ 0/],
    ['metric value beyond 10^15', metric({ value: 1e15 + 2 }), 'data.value', /at most 1000000000000000/],
    ['metric value with three decimals', metric({ value: 1.005 }), 'data.value', /two decimals/],
    ['metric value a string', metric({ value: '12' }), 'data.value', /number/],
    [
      'metric without unit',
      (({ unit: _, ...rest }) => base('metric.declared', rest))(metricData),
      'data.unit',
      /string/,
    ],
    ['metric unknown field', metric({ note: 'x' }), 'data.note', /unknown field/],
    // The counted activities
    [
      'interpretation unknown form',
      base('interpretation.published', { interpretationId: 'J1', form: 'poster' }),
      'data.form',
      /interpretation forms: text, graphic, video, audio, briefing, other/,
    ],
    [
      'interpretation empty id',
      base('interpretation.published', { interpretationId: '', form: 'text' }),
      'data.interpretationId',
      /empty/,
    ],
    [
      'interpretation id with edge spaces',
      base('interpretation.published', { interpretationId: 'J1 ', form: 'text' }),
      'data.interpretationId',
      /spaces/,
    ],
    [
      'press conference without id',
      base('press_conference.held', { topic: '发布会' }),
      'data.conferenceId',
      /string/,
    ],
    [
      'press conference topic too long',
      base('press_conference.held', { conferenceId: 'F1', topic: '题'.repeat(65) }),
      'data.topic',
      /64/,
    ],
    [
      'concern response id too long',
      base('concern.responded', { responseId: 'r'.repeat(129) }),
      'data.responseId',
      /128/,
    ],
    [
      'concern response topic with a line break',
      base('concern.responded', { responseId: 'H1', topic: '热点\r' }),
      'data.topic',
      /line breaks/,
    ],
    [
      'training with negative attendees',
      base('training.held', { trainingId: 'T1', attendees: -1 }),
      'data.attendees',
      /≥ 0/,
    ],
    [
      'training with fractional attendees',
      base('training.held', { trainingId: 'T1', attendees: 2.5 }),
      'data.attendees',
      /whole/,
    ],
    ['training without attendees', base('training.held', { trainingId: 'T1' }), 'data.attendees', /number/],
    [
      'training empty topic',
      base('training.held', { trainingId: 'T1', attendees: 3, topic: '' }),
      'data.topic',
      /empty/,
    ],
    // The optional labels of a receipt and a review
    ['empty subject', received({ subject: '' }), 'data.subject', /empty/],
    ['subject too long', received({ subject: '类'.repeat(33) }), 'data.subject', /32/],
    ['subject a number', received({ subject: 3 }), 'data.subject', /string/],
    [
      'review reason too long',
      base('review.filed', { caseId: 'C', kind: 'reconsideration', reason: '因'.repeat(65) }),
      'data.reason',
      /64/,
    ],
    [
      'review reason with a tab',
      base('review.filed', { caseId: 'C', kind: 'reconsideration', reason: '不服\t答复' }),
      'data.reason',
      /control characters/,
    ],
    // Free text reaches the report's XML (xlsx, DOCX), which cannot carry control characters.
    [
      'a NUL in a category',
      base('disclosure.published', { itemId: 'D1', category: '公告\u0000公示', channels: ['website'] }),
      'data.category',
      /category must not contain control characters/,
    ],
    [
      'a line break in a column',
      base('post.published', { postId: 'P1', channel: 'website', column: '警方要闻\n' }),
      'data.column',
      /line breaks/,
    ],
    ['a C1 control in source', { ...received(), source: 'portal\u0085' }, 'source', /control characters/],
    [
      'a lone surrogate in a requestId',
      base('request.decided', { requestId: 'R\ud800', outcome: 'disclosed' }),
      'data.requestId',
      /well-formed Unicode/,
    ],
    // Bidi controls reorder what is shown; zero-width characters make different ids look the same.
    [
      'a RIGHT-TO-LEFT OVERRIDE in a requestId',
      received({ requestId: 'R\u202E1' }),
      'data.requestId',
      /requestId must not contain bidirectional control characters.*U\+202E at position 2/,
    ],
    [
      'a zero-width space in an itemId',
      base('disclosure.published', { itemId: 'GK\u200B1', category: '公告公示', channels: ['website'] }),
      'data.itemId',
      /itemId must not contain zero-width characters.*U\+200B at position 3/,
    ],
    [
      'a BOM in a caseId',
      base('review.filed', { caseId: '\uFEFFC1', kind: 'reconsideration' }),
      'data.caseId',
      /zero-width.*U\+FEFF at position 1/,
    ],
    [
      'a WORD JOINER in a trainingId',
      base('training.held', { trainingId: 'T\u20601', attendees: 1 }),
      'data.trainingId',
      /zero-width.*U\+2060/,
    ],
    [
      'a LEFT-TO-RIGHT ISOLATE in source',
      { ...received(), source: 'portal\u2066x\u2069' },
      'source',
      /source must not contain bidirectional control characters.*U\+2066/,
    ],
    ['a ZERO WIDTH JOINER in source', { ...received(), source: 'por\u200Dtal' }, 'source', /zero-width/],
    [
      'a RIGHT-TO-LEFT MARK in a category',
      base('disclosure.published', { itemId: 'I', category: '公告\u200F公示', channels: ['website'] }),
      'data.category',
      /category must not contain bidirectional control characters.*U\+200F/,
    ],
    [
      'an ARABIC LETTER MARK in a metric label',
      metric({ label: '\u061C关注人数' }),
      'data.label',
      /bidirectional.*U\+061C at position 1/,
    ],
    [
      'a POP DIRECTIONAL ISOLATE in a subject',
      received({ subject: '接处警\u2069记录' }),
      'data.subject',
      /bidirectional.*U\+2069/,
    ],
    [
      'a LEFT-TO-RIGHT EMBEDDING in a topic',
      base('press_conference.held', { conferenceId: 'F', topic: '\u202A发布会' }),
      'data.topic',
      /bidirectional.*U\+202A/,
    ],
    [
      'a LEFT-TO-RIGHT MARK in a review reason',
      base('review.filed', { caseId: 'C', kind: 'reconsideration', reason: '不服\u200E' }),
      'data.reason',
      /bidirectional.*U\+200E/,
    ],
  ];

  for (const [name, input, path, reason] of invalid) {
    it(`rejects ${name} at ${path}`, () => {
      const result = validateEvent(input);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      const issue = result.issues.find((i) => i.path === path);
      expect(issue, JSON.stringify(result.issues)).toBeDefined();
      expect(issue?.message).toMatch(reason);
    });
  }

  it('accepts any amount in fen up to the limit, however large (the decimals judged on the text)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_000_000 }), (fen) => {
        const yuan = fen / 100;
        expect(validateEvent(base('charges.collected', { amountYuan: yuan })).ok).toBe(true);
        expect(validateEvent(base('request.fee_charged', { requestId: 'R', amountYuan: yuan })).ok).toBe(
          true,
        );
        expect(validateEvent(metric({ value: yuan })).ok).toBe(true);
        const figure = { year: 2019, row: 'procurement', column: 'amount_yuan', value: yuan };
        expect(validateEvent(base('figures.declared', figure)).ok).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(validateEvent(base('charges.collected', { amountYuan: 999999999999.99 })).ok).toBe(true);
    expect(validateEvent(base('charges.collected', { amountYuan: 12345678901.234 })).ok).toBe(false);
  });

  it('names exactly the data cells of the 2019 proactive table for figures.declared', () => {
    const proactive = FORMAT_2019.tables.find((t) => t.id === 'proactive');
    const cells = proactive?.rows.filter((r) => r.kind === 'data').map((r) => [r.id, r.columns]);
    expect(Object.entries(FIGURE_CELLS_2019)).toEqual(cells);
  });

  it('accepts the 2019 本年增/减 as negative and 采购总金额 with fen', () => {
    expect(
      validateEvent(base('figures.declared', { year: 2019, row: 'license', column: 'change', value: -3 })).ok,
    ).toBe(true);
    expect(
      validateEvent(
        base('figures.declared', { year: 2020, row: 'procurement', column: 'amount_yuan', value: 251000.5 }),
      ).ok,
    ).toBe(true);
  });

  it('accepts the limits of the new types: metric years 2019 and 2099, 0 and 10^15, two decimals', () => {
    for (const data of [
      { year: 2019, value: 0 },
      { year: 2099, value: 1e15 },
      { value: 12345678901234.57 },
      { value: 0.01 },
      { key: 'a', label: '数', unit: '万余次' },
      { key: `k${'x'.repeat(63)}`, label: '数'.repeat(64), unit: '次'.repeat(16) },
    ]) {
      expect(validateEvent(metric(data)), JSON.stringify(data)).toMatchObject({ ok: true });
    }
    for (const form of ['text', 'graphic', 'video', 'audio', 'briefing', 'other']) {
      expect(validateEvent(base('interpretation.published', { interpretationId: 'J', form })).ok).toBe(true);
    }
    expect(validateEvent(base('press_conference.held', { conferenceId: 'F' })).ok).toBe(true);
    expect(validateEvent(base('concern.responded', { responseId: 'H' })).ok).toBe(true);
    expect(validateEvent(base('training.held', { trainingId: 'T', attendees: 0 })).ok).toBe(true);
    expect(validateEvent(received({ subject: '类'.repeat(32) })).ok).toBe(true);
    expect(
      validateEvent(base('review.filed', { caseId: 'C', kind: 'litigation_direct', reason: '因'.repeat(64) }))
        .ok,
    ).toBe(true);
  });

  it('accepts any printable text in free-text fields: CJK, full-width marks, emoji (surrogate pairs)', () => {
    const event = base('disclosure.published', {
      itemId: '杭公〔2021〕5号',
      category: '公告公示（“三安全一稳定”）📢',
      channels: ['website'],
    });
    expect(validateEvent(event).ok).toBe(true);
  });

  it('keeps zero-width joiners in labels (emoji sequences, ZWNJ) and right-to-left text without controls', () => {
    const event = base('disclosure.published', {
      itemId: 'I-1',
      category: '家庭👨\u200D👩\u200D👧信息',
      channels: ['website'],
    });
    expect(validateEvent(event).ok).toBe(true);
    expect(
      validateEvent(base('post.published', { postId: 'P', channel: 'website', column: 'می\u200Cخواهم' })).ok,
    ).toBe(true);
    expect(validateEvent(metric({ label: 'ئۇيغۇرچە ئۇچۇر' })).ok).toBe(true);
  });

  it('lists every reason at once', () => {
    const result = validateEvent({
      eventId: '',
      agencyId: 'X',
      type: 'request.received',
      occurredAt: 'soon',
      data: { requestId: 'R', channel: 'x', applicantType: 'y', z: 1 },
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues.map((i) => i.path).sort()).toEqual(
        ['agencyId', 'data.applicantType', 'data.channel', 'data.z', 'eventId', 'occurredAt'].sort(),
      );
    }
  });
});

describe('an event from the future (validation told the time)', () => {
  const now = new Date('2026-12-02T07:30:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

  it('accepts up to one day after the clock, refuses one millisecond more', () => {
    expect(validateEvent({ ...received(), occurredAt: at(FUTURE_LIMIT_MS) }, { now }).ok).toBe(true);
    const late = validateEvent({ ...received(), occurredAt: at(FUTURE_LIMIT_MS + 1) }, { now });
    expect(late).toEqual({
      ok: false,
      issues: [
        {
          path: 'occurredAt',
          message: expect.stringMatching(
            /is in the future: an event may be dated at most 1 day after the server's clock \(2026-12-02T07:30:00.000Z\)/,
          ),
        },
      ],
    });
  });

  it('counts a bare date from its start in Asia/Shanghai', () => {
    // 2026-12-03 starts at 2026-12-02T16:00Z, within a day; 2026-12-04 starts at 2026-12-03T16:00Z, beyond it.
    expect(futureIssue('2026-12-03', now)).toBeUndefined();
    expect(futureIssue('2026-12-04', now)?.path).toBe('occurredAt');
  });

  it('is not checked without a clock (stored events, the CLI), and names whose clock it is', () => {
    expect(validateEvent({ ...received(), occurredAt: '2099-01-01' }).ok).toBe(true);
    expect(futureIssue('2099-01-01', now, "this computer's clock")?.message).toMatch(/this computer's clock/);
  });

  it('is one more reason beside the others (every reason at once)', () => {
    const result = validateEvent({ ...received({ channel: 'pigeon' }), occurredAt: '2099-01-01' }, { now });
    expect(result.ok ? [] : result.issues.map((i) => i.path)).toEqual(['data.channel', 'occurredAt']);
  });
});
