/**
 * `gongkai deadlines`: the legal reply limit of every request in a JSONL event file, as of a day.
 * Streams the file; invalid lines go to stderr (`line N: path: message`) and make the exit code 1,
 * the valid ones are still counted. Prints one JSON document: {"deadlines": [...]}.
 */
import { type Command, InvalidArgumentError } from 'commander';
import { describeBadLine, forEachEventLine } from '../../shared/adapters/event-file.ts';
import { CALENDAR_VERSION, CHINA_CALENDAR } from '../../shared/domain/calendar/index.ts';
import { RequestTimelines, toDeadlineRow } from '../../shared/domain/deadlines.ts';
import { type DayNumber, parseOccurredAt } from '../../shared/domain/time.ts';
import { parseInputFile } from '../output.ts';

interface DeadlinesOptions {
  readonly events: string;
  readonly asOf: DayNumber;
  readonly agency?: string;
}

function parseAsOf(value: string): DayNumber {
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(value) ? parseOccurredAt(value) : undefined;
  if (instant === undefined) throw new InvalidArgumentError('must be a real day as YYYY-MM-DD.');
  return instant.day;
}

export async function runDeadlines(
  options: DeadlinesOptions,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number> {
  const timelines = new RequestTimelines();
  const { invalid } = await forEachEventLine(options.events, (line) => {
    if (!line.ok) {
      err(`${describeBadLine(line.line, line.issues)}\n`);
      return;
    }
    const event = line.event;
    if (!event.type.startsWith('request.')) return;
    if (options.agency !== undefined && event.agencyId !== options.agency) return;
    timelines.add(event);
  });
  const deadlines = timelines.deadlines(options.asOf, CHINA_CALENDAR);
  const uncovered = deadlines.filter((d) => !d.calendarCovered).length;
  if (uncovered > 0) {
    err(
      `note: ${uncovered} request(s) reach days outside the working-day calendar ${CALENDAR_VERSION}; ` +
        'counted Monday to Friday there\n',
    );
  }
  const rows = deadlines.map((d) => JSON.stringify(toDeadlineRow(d)));
  out(rows.length === 0 ? '{"deadlines":[]}\n' : `{"deadlines":[\n${rows.join(',\n')}\n]}\n`);
  return invalid > 0 ? 1 : 0;
}

export function registerDeadlines(program: Command): Command {
  return program
    .command('deadlines')
    .description(
      'The legal reply limit (条例 第三十、三十三条) of every request in an event file, as of a day: ' +
        'prints {"deadlines": [{agencyId, requestId, receivedOn, dueOn, status, workingDaysLeft}]}.',
    )
    .requiredOption('--events <file>', 'events, one JSON object per line (JSONL)', parseInputFile)
    .requiredOption(
      '--as-of <YYYY-MM-DD>',
      'count as of the end of this day (Asia/Shanghai); later events are ignored',
      parseAsOf,
    )
    .option('--agency <id>', 'only this agency')
    .addHelpText(
      'after',
      `
Counting (docs/calendar.md): day 0 is the day of receipt in Asia/Shanghai, or of the 补正 received
(request.clarified); the limit is the 20th working day after it, plus extensions (at most 20 in all).
Consultation days (after the day it started, up to the day it ended) are not counted; an open
consultation stops the clock, and dueOn is where it falls if it ended on the as-of day.
Working days: China's official calendar ${CALENDAR_VERSION} (State Council holiday notices,
调休 weekends included); outside its years, Monday to Friday (noted on stderr).

status: open | due_soon (0–3 working days left) | overdue | awaiting_clarification (no limit runs:
dueOn and workingDaysLeft null) | decided_on_time | decided_late (workingDaysLeft null once decided).
workingDaysLeft: working days after the as-of day up to the due day; 0 on it, negative when overdue.
Rows are sorted by agencyId, then requestId. Invalid lines are reported on stderr as
"line N: path: message" and make the exit code 1; the valid lines are still counted.

Example:
  gongkai deadlines --events events.jsonl --as-of 2024-10-08 --agency hz-psb`,
    )
    .action(async (options: DeadlinesOptions, command: Command) => {
      let code: number;
      try {
        code = await runDeadlines(
          options,
          (text) => process.stdout.write(text),
          (text) => process.stderr.write(text),
        );
      } catch (e) {
        command.error(`error: cannot read ${options.events}: ${(e as Error).message}`, { exitCode: 2 });
      }
      process.exitCode = code;
    });
}
