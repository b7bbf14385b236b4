import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonShapeFieldsForTest, parseOccurredAt, patternFields } from '../../shared/domain/time.ts';

/** Texts shaped like `occurredAt`, each character sometimes swapped for a near miss. */
const nearly = fc
  .tuple(
    fc.constantFrom(
      '2019-03-04',
      '2019-03-04T10:15:00Z',
      '2019-03-04T10:15:00+08:00',
      '2021-12-31T23:59:59-05:30',
    ),
    fc.array(fc.tuple(fc.nat(30), fc.constantFrom(...'0123456789-:+TZ .x\u0660\uff10'.split(''))), {
      maxLength: 3,
    }),
    fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 25, maxLength: 25 }),
  )
  .map(([shape, swaps, digits]) => {
    const chars = [...shape].map((c, i) => (c >= '0' && c <= '9' ? String(digits[i]) : c));
    for (const [at, c] of swaps) if (at < chars.length) chars[at] = c;
    return chars.join('');
  });

describe('occurredAt, read digit by digit in its common forms', () => {
  it('finds the parts the contract’s pattern finds, or leaves the text to the pattern', () => {
    fc.assert(
      fc.property(fc.oneof(nearly, fc.string({ maxLength: 26 })), (text) => {
        const fast = commonShapeFieldsForTest(text);
        if (fast !== undefined) expect(fast).toEqual(patternFields(text));
      }),
      { numRuns: 50_000 },
    );
  });

  it('reads each form to the same instant', () => {
    expect(parseOccurredAt('2019-03-04')).toEqual({
      ms: Date.UTC(2019, 2, 3, 16),
      day: 17959,
      dateOnly: true,
    });
    expect(parseOccurredAt('2021-12-31T16:30:00Z')?.day).toBe(parseOccurredAt('2022-01-01')?.day);
    expect(parseOccurredAt('2019-03-04T10:15:00+08:00')?.ms).toBe(Date.UTC(2019, 2, 4, 2, 15));
    expect(parseOccurredAt('2019-03-04T10:15:00-05:30')?.ms).toBe(Date.UTC(2019, 2, 4, 15, 45));
    expect(parseOccurredAt('2019-02-29')).toBeUndefined();
    expect(parseOccurredAt('2019-03-04T24:00:00Z')).toBeUndefined();
    expect(parseOccurredAt('2019-03-04T10:15:00+15:00')).toBeUndefined();
  });

  it('counts every day of 2000–2099 as Date does, in each offset form', () => {
    // Arrange: every day, and an instant in it with an offset written with and without a colon
    const mismatches: string[] = [];
    for (let ms = Date.UTC(2000, 0, 1); ms < Date.UTC(2100, 0, 1); ms += 86_400_000) {
      const date = new Date(ms).toISOString().slice(0, 10);

      // Act
      const bare = parseOccurredAt(date);
      const withColon = parseOccurredAt(`${date}T23:59:59-09:30`);
      const withoutColon = parseOccurredAt(`${date}T00:00:00+1400`);

      // Assert (collected: one expect for 36,525 days)
      const late = ms + 86_399_000 + 9.5 * 3_600_000;
      const early = ms - 14 * 3_600_000;
      if (bare?.ms !== ms - 8 * 3_600_000 || bare.day !== ms / 86_400_000) mismatches.push(date);
      if (withColon?.ms !== late || withColon.day !== Math.floor((late + 8 * 3_600_000) / 86_400_000))
        mismatches.push(`${date} -09:30`);
      if (withoutColon?.ms !== early) mismatches.push(`${date} +1400`);
    }
    expect(mismatches).toEqual([]);
  });
});
