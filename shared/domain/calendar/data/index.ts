/**
 * Every holiday notice the calendar knows, one JSON file per year: the notice's data and its own words.
 * To add a year: copy the last file to `YYYY.json`, fill it in from the State Council notice, and list it
 * here (docs/calendar.md). `buildCalendar` checks the days; `fromFile` the one thing JSON cannot type.
 */
import type { HolidayArrangement, HolidayNotice } from '../calendar.ts';
import notice2019 from './2019.json' with { type: 'json' };
import notice2020 from './2020.json' with { type: 'json' };
import notice2021 from './2021.json' with { type: 'json' };
import notice2022 from './2022.json' with { type: 'json' };
import notice2023 from './2023.json' with { type: 'json' };
import notice2024 from './2024.json' with { type: 'json' };
import notice2025 from './2025.json' with { type: 'json' };
import notice2026 from './2026.json' with { type: 'json' };

/** A notice as its file holds it: JSON gives `off` as any list of strings, not a span. */
interface NoticeFile extends Omit<HolidayNotice, 'arrangements'> {
  readonly arrangements: readonly (Omit<HolidayArrangement, 'off'> & { readonly off: readonly string[] })[];
}

/** The notice, with each `off` checked to be a span: its first and last day, nothing else. */
function fromFile(file: NoticeFile): HolidayNotice {
  const arrangements = file.arrangements.map((arrangement): HolidayArrangement => {
    const [first, last, ...more] = arrangement.off;
    if (first === undefined || last === undefined || more.length > 0) {
      throw new Error(
        `holiday notice ${file.year} (${file.number}), ${arrangement.name}: off is not [first, last]`,
      );
    }
    return { ...arrangement, off: [first, last] };
  });
  return { ...file, arrangements };
}

export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  notice2019,
  notice2020,
  notice2021,
  notice2022,
  notice2023,
  notice2024,
  notice2025,
  notice2026,
].map(fromFile);
