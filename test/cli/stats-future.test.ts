/**
 * `gongkai stats` has no server clock to trust: an event dated more than a day after this computer's clock
 * is counted, and a warning on stderr names its line (on one thread and on several).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { runCli } from '../support/cli.ts';

const event = (eventId: string, agencyId: string, occurredAt: string) =>
  JSON.stringify({
    eventId,
    agencyId,
    type: 'request.received',
    occurredAt,
    data: { requestId: eventId, channel: 'online', applicantType: 'natural_person' },
  });

describe('gongkai stats and an event from the future', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'gongkai-future-')), 'events.jsonl');
  writeFileSync(
    file,
    `${[
      event('e1', 'a', '2021-03-01'),
      event('e2', 'a', '2099-03-01'),
      event('e3', 'b', '2098-01-01T10:00:00+08:00'),
      event('e4', 'b', '2021-03-02'),
    ].join('\n')}\n`,
  );

  for (const jobs of ['1', '2']) {
    it(`counts it and warns with its line number (--jobs ${jobs})`, () => {
      const result = runCli(['stats', '--events', file, '--jobs', jobs]);
      expect(result.status).toBe(0);
      const lines = result.stderr.trim().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(
        /^line 2: warning: occurredAt: 2099-03-01 is in the future: an event may be dated at most 1 day after this computer's clock \(\d{4}-.*\).*counted all the same/,
      );
      expect(lines[1]).toMatch(/^line 3: warning: occurredAt: 2098-01-01T10:00:00\+08:00 is in the future/);
      const { statistics } = JSON.parse(result.stdout) as { statistics: AgencyYearStatistics[] };
      const received = (agencyId: string, year: number) =>
        statistics.find((s) => s.agencyId === agencyId && s.year === year)?.tables.requests.received?.total;
      expect(received('a', 2099)).toBe(1);
      expect(received('b', 2098)).toBe(1);
      expect(received('a', 2021)).toBe(1);
    });
  }
});
