import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  buildCalendar,
  CALENDAR_VERSION,
  CHINA_CALENDAR,
  HOLIDAY_NOTICES,
  type HolidayNotice,
  isCovered,
  isRangeCovered,
  isWorkingDay,
  weekday,
  workingDaysBetween,
} from '../../shared/domain/calendar/index.ts';
import { dayOf, formatDay } from '../../shared/domain/time.ts';

const cal = CHINA_CALENDAR;
const working = (date: string) => isWorkingDay(cal, dayOf(date));
/** The working days among the days from `first` to `last`, inclusive. */
const workingDaysIn = (first: string, last: string) => {
  const out: string[] = [];
  for (let d = dayOf(first); d <= dayOf(last); d++) if (isWorkingDay(cal, d)) out.push(formatDay(d));
  return out;
};
const add = (date: string, n: number) => formatDay(addWorkingDays(cal, dayOf(date), n));
const between = (from: string, to: string) => workingDaysBetween(cal, dayOf(from), dayOf(to));

describe('the notices, day by day', () => {
  it('2024 National Day (国办发明电〔2023〕7号): 10-01..10-07 off, Sun 09-29 and Sat 10-12 worked', () => {
    expect(workingDaysIn('2024-09-27', '2024-10-14')).toEqual([
      '2024-09-27', // Fri
      '2024-09-29', // Sun, 调休
      '2024-09-30', // Mon
      '2024-10-08', // Tue
      '2024-10-09',
      '2024-10-10',
      '2024-10-11',
      '2024-10-12', // Sat, 调休
      '2024-10-14', // Mon
    ]);
    expect(working('2024-09-28')).toBe(false); // an ordinary Saturday
    expect(working('2024-10-13')).toBe(false); // an ordinary Sunday
  });

  it('2023 Spring Festival (国办发明电〔2022〕16号): 01-21..01-27 off, Sat 01-28 and Sun 01-29 worked', () => {
    expect(workingDaysIn('2023-01-19', '2023-01-31')).toEqual([
      '2023-01-19',
      '2023-01-20',
      '2023-01-28', // Sat, 调休
      '2023-01-29', // Sun, 调休
      '2023-01-30',
      '2023-01-31',
    ]);
    // 元旦 spans the year end: 2022-12-31 (Sat) to 2023-01-02 (Mon).
    expect(working('2023-01-02')).toBe(false);
    expect(working('2023-01-03')).toBe(true);
  });

  it('2025, the first year of the revised 放假办法 (国办发明电〔2024〕12号)', () => {
    expect(working('2025-01-01')).toBe(false); // 元旦, Wednesday, no 调休
    expect(working('2025-01-26')).toBe(true); // Sun, 调休
    for (let d = dayOf('2025-01-28'); d <= dayOf('2025-02-04'); d++) expect(isWorkingDay(cal, d)).toBe(false);
    expect(working('2025-01-27')).toBe(true);
    expect(working('2025-02-05')).toBe(true);
    expect(working('2025-02-08')).toBe(true); // Sat, 调休
    expect(working('2025-04-27')).toBe(true); // Sun, 调休 for 劳动节
    expect(workingDaysIn('2025-04-30', '2025-05-06')).toEqual(['2025-04-30', '2025-05-06']); // 05-01..05 off
    expect(working('2025-06-02')).toBe(false); // 端午 05-31..06-02
    expect(working('2025-09-28')).toBe(true); // Sun, 调休
    expect(workingDaysIn('2025-09-30', '2025-10-11')).toEqual([
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
      '2025-10-11',
    ]);
  });

  it('2019: 劳动节 as changed by 国办发明电〔2019〕3号 (05-01..05-04 off, Sun 04-28 and Sun 05-05 worked)', () => {
    expect(working('2019-04-28')).toBe(true);
    expect(working('2019-05-02')).toBe(false);
    expect(working('2019-05-03')).toBe(false);
    expect(working('2019-05-05')).toBe(true);
    expect(working('2019-02-02')).toBe(true); // Sat before 春节
    expect(working('2019-02-03')).toBe(true); // Sun before 春节
    expect(working('2019-10-12')).toBe(true); // Sat after 国庆
    // The 2019 notice's 元旦 begins in 2018: 12-29 (Sat) worked, 12-31 (Mon) off.
    expect(working('2018-12-29')).toBe(true);
    expect(working('2018-12-31')).toBe(false);
  });

  it('2020: 春节 extended to 02-02 by 国办发明电〔2020〕1号, so Sat 02-01 was no longer worked', () => {
    expect(working('2020-01-19')).toBe(true); // Sun, 调休 (kept)
    expect(workingDaysIn('2020-01-23', '2020-02-03')).toEqual(['2020-01-23', '2020-02-03']);
    expect(working('2020-06-28')).toBe(true); // Sun after 端午
    expect(workingDaysIn('2020-09-30', '2020-10-10')).toEqual(['2020-09-30', '2020-10-09', '2020-10-10']);
  });

  it('2021 and 2022: 调休 Saturdays and Sundays', () => {
    expect(working('2021-02-07')).toBe(true);
    expect(working('2021-02-20')).toBe(true);
    expect(working('2021-04-25')).toBe(true);
    expect(working('2021-09-18')).toBe(true);
    expect(working('2021-04-05')).toBe(false); // 清明, Monday
    expect(working('2022-01-29')).toBe(true);
    expect(working('2022-01-30')).toBe(true);
    expect(working('2022-04-02')).toBe(true);
    expect(working('2022-10-08')).toBe(true);
    expect(working('2022-10-09')).toBe(true);
    expect(working('2022-09-12')).toBe(false); // 中秋, Monday
  });

  it('2026 (国办发明电〔2025〕7号): Sun 01-04, Sat 02-14, Sat 02-28, Sat 05-09, Sun 09-20, Sat 10-10 worked', () => {
    for (const date of ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']) {
      expect(working(date)).toBe(true);
    }
    for (let d = dayOf('2026-02-15'); d <= dayOf('2026-02-23'); d++) expect(isWorkingDay(cal, d)).toBe(false);
    expect(working('2026-01-02')).toBe(false);
    expect(working('2026-09-25')).toBe(false);
    expect(working('2026-10-07')).toBe(false);
  });

  it('working days per year: the days the notices give off, less the 调休 days worked', () => {
    // Mon–Fri days of the year − weekdays the notices give off + weekend days they make worked (by hand):
    const expected: Record<number, number> = {
      2019: 261 - 17 + 6, // 250
      2020: 262 - 19 + 6, // 249 (春节 extended to 02-02)
      2021: 261 - 18 + 7, // 250
      2022: 260 - 18 + 7, // 249
      2023: 260 - 18 + 7, // 249
      2024: 262 - 19 + 8, // 251
      2025: 261 - 18 + 5, // 248
      2026: 261 - 19 + 6, // 248
    };
    for (const [year, count] of Object.entries(expected)) {
      expect(between(`${Number(year) - 1}-12-31`, `${year}-12-31`), year).toBe(count);
    }
  });
});

describe('counting', () => {
  it('addWorkingDays gives the n-th working day strictly after the day', () => {
    expect(add('2024-09-27', 1)).toBe('2024-09-29'); // Fri → the 调休 Sunday
    expect(add('2024-09-30', 1)).toBe('2024-10-08'); // across National Day
    expect(add('2024-09-28', 20)).toBe('2024-10-30'); // 09-29, 09-30, 10-08..12 (7), 14..18, 21..25 (17), 28, 29, 30
    expect(add('2023-01-20', 1)).toBe('2023-01-28');
    expect(add('2023-01-21', 0)).toBe('2023-01-21');
    expect(() => addWorkingDays(cal, dayOf('2023-01-21'), -1)).toThrow(RangeError);
  });

  it('workingDaysBetween counts (from, to], and negates when to is earlier', () => {
    expect(between('2024-09-30', '2024-10-08')).toBe(1);
    expect(between('2024-10-08', '2024-09-30')).toBe(-1);
    expect(between('2024-10-01', '2024-10-07')).toBe(0);
    expect(between('2024-10-01', '2024-10-01')).toBe(0);
    expect(between('2023-01-20', '2023-01-31')).toBe(4);
  });

  it('addWorkingDays and workingDaysBetween agree, and match a day-by-day count', () => {
    const first = dayOf('2018-06-01');
    const last = dayOf('2027-06-30');
    fc.assert(
      fc.property(fc.integer({ min: first, max: last }), fc.integer({ min: 0, max: 80 }), (day, n) => {
        const target = addWorkingDays(cal, day, n);
        expect(workingDaysBetween(cal, day, target)).toBe(n);
        if (n > 0) expect(isWorkingDay(cal, target)).toBe(true);
        let slow = 0;
        for (let d = day + 1; d <= target; d++) if (isWorkingDay(cal, d)) slow++;
        expect(slow).toBe(n);
      }),
      { numRuns: 300, seed: 20240929 },
    );
  });
});

describe('coverage: outside the notices, Monday to Friday, and said so', () => {
  it('2019–2026 are covered; 2018 and 2027 are not', () => {
    expect([...cal.coveredYears].sort()).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    expect(isCovered(cal, dayOf('2019-01-01'))).toBe(true);
    expect(isCovered(cal, dayOf('2026-12-31'))).toBe(true);
    expect(isCovered(cal, dayOf('2018-12-31'))).toBe(false);
    expect(isCovered(cal, dayOf('2027-01-01'))).toBe(false);
    expect(isRangeCovered(cal, dayOf('2026-12-01'), dayOf('2027-01-05'))).toBe(false);
    expect(isRangeCovered(cal, dayOf('2020-12-01'), dayOf('2019-01-05'))).toBe(true);
  });

  it('uncovered days fall back to Monday to Friday', () => {
    expect(working('2027-01-01')).toBe(true); // a Friday: a holiday in fact, but no notice yet
    expect(working('2027-01-02')).toBe(false);
    expect(weekday(dayOf('2027-01-01'))).toBe(5);
    expect(add('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('a calendar is data: a newer notice re-dates the same count', () => {
    const without2024 = buildCalendar(HOLIDAY_NOTICES.filter((n) => n.year !== 2024));
    expect(without2024.version).not.toBe(cal.version);
    expect(formatDay(addWorkingDays(without2024, dayOf('2024-09-30'), 1))).toBe('2024-10-01');
    expect(isCovered(without2024, dayOf('2024-10-01'))).toBe(false);
  });
});

describe('the data', () => {
  it('has one notice per year from 2019, each with a State Council number', () => {
    const years = HOLIDAY_NOTICES.map((n) => n.year);
    expect(years).toEqual([2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026]);
    for (const notice of HOLIDAY_NOTICES) {
      expect(notice.title).toBe(`国务院办公厅关于${notice.year}年部分节假日安排的通知`);
      expect(notice.number).toMatch(/^国办发明电〔\d{4}〕\d+号$/);
    }
  });

  it('every 调休 day is a Saturday or Sunday, and never also a day off', () => {
    for (const d of cal.makeupWorkdays) {
      expect([0, 6]).toContain(weekday(d));
      expect(cal.holidays.has(d)).toBe(false);
    }
  });

  it('CALENDAR_VERSION names this data (update it here and in docs/calendar.md when a notice is added)', () => {
    expect(CALENDAR_VERSION).toBe('cn-2019-2026.c41521f4');
    expect(buildCalendar(HOLIDAY_NOTICES).version).toBe(CALENDAR_VERSION);
  });

  it('refuses bad data rather than count with it', () => {
    const notice = (work: string[], off: [string, string] = ['2024-10-01', '2024-10-07']): HolidayNotice => ({
      year: 2024,
      title: 't',
      number: 'n',
      issued: '2023-10-25',
      arrangements: [{ name: '国庆节', off, work }],
    });
    expect(() => buildCalendar([notice(['2024-10-08'])])).toThrow(/weekday/); // a Tuesday as 调休
    expect(() => buildCalendar([notice(['2024-10-05'])])).toThrow(/both off and worked/);
    expect(() => buildCalendar([notice([], ['2024-10-07', '2024-10-01'])])).toThrow(/ends before/);
    expect(() => buildCalendar([notice([], ['2024-02-30', '2024-03-01'])])).toThrow(/not a real/);
    expect(() => buildCalendar([notice([], ['2025-10-01', '2025-10-07'])])).toThrow(/outside 2024/);
    expect(() => buildCalendar([notice([]), notice([])])).toThrow(/second notice/);
  });
});
