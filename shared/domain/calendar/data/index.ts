/**
 * Every holiday notice the calendar knows, one file per year. To add a year: copy the last file to
 * `YYYY.ts`, fill it in from the State Council notice, and list it here (docs/calendar.md).
 */
import type { HolidayNotice } from '../calendar.ts';
import { NOTICE_2019 } from './2019.ts';
import { NOTICE_2020 } from './2020.ts';
import { NOTICE_2021 } from './2021.ts';
import { NOTICE_2022 } from './2022.ts';
import { NOTICE_2023 } from './2023.ts';
import { NOTICE_2024 } from './2024.ts';
import { NOTICE_2025 } from './2025.ts';
import { NOTICE_2026 } from './2026.ts';

export const HOLIDAY_NOTICES: readonly HolidayNotice[] = [
  NOTICE_2019,
  NOTICE_2020,
  NOTICE_2021,
  NOTICE_2022,
  NOTICE_2023,
  NOTICE_2024,
  NOTICE_2025,
  NOTICE_2026,
];
