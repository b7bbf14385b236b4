/**
 * China's official working-day calendar: the logic (calendar.ts) applied to the State Council notices
 * (data/). `CHINA_CALENDAR` is what the system counts deadlines with; `CALENDAR_VERSION` names it.
 */
import { buildCalendar } from './calendar.ts';
import { HOLIDAY_NOTICES } from './data/index.ts';

export {
  addWorkingDays,
  buildCalendar,
  type HolidayArrangement,
  type HolidayNotice,
  isCovered,
  isRangeCovered,
  isWorkingDay,
  type WorkingCalendar,
  weekday,
  workingDaysBetween,
} from './calendar.ts';
export { HOLIDAY_NOTICES } from './data/index.ts';

export const CHINA_CALENDAR = buildCalendar(HOLIDAY_NOTICES);
/** `cn-<first>-<last covered year>.<hash of the days>`: changes whenever any day's status changes. */
export const CALENDAR_VERSION = CHINA_CALENDAR.version;
