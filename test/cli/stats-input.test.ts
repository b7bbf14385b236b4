import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_BYTES } from '../../shared/adapters/event-file.ts';
import type { AgencyYearStatistics } from '../../shared/domain/statistics/types.ts';
import { ROOT, runCli } from '../support/cli.ts';

const good = (eventId: string, requestId: string) =>
  JSON.stringify({
    eventId,
    agencyId: 'x',
    type: 'request.received',
    occurredAt: '2022-05-01',
    data: { requestId, channel: 'email', applicantType: 'research' },
  });

/** Runs `gongkai stats` and answers its exit code, output and peak memory (every thread's) in MB. */
function statsWithPeakMemory(args: readonly string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-peak-'));
  const memoryFile = join(dir, 'peak');
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', './bench/peak-memory.ts', 'bin/gongkai.ts', 'stats', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GONGKAI_PEAK_MEMORY_FILE: memoryFile },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    peakMb: (JSON.parse(readFileSync(memoryFile, 'utf8')) as { peakMb: number }).peakMb,
  };
}

describe('gongkai stats on hostile input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-hostile-'));
  // Line 2 is 64 MiB on one line; it must be refused by number without being held.
  const huge = join(dir, 'huge.jsonl');
  const fd = openSync(huge, 'w');
  writeSync(fd, `${good('a1', 'R1')}\n{"eventId":"big","pad":"`);
  const block = Buffer.alloc(1024 * 1024, 'x');
  for (let i = 0; i < 64; i++) writeSync(fd, block);
  writeSync(fd, `"}\n${good('a3', 'R3')}\n`);
  closeSync(fd);

  for (const jobs of ['1', '2']) {
    it(`refuses a 64 MiB line by its number at once, never holding it, and reads on (--jobs ${jobs})`, () => {
      const result = statsWithPeakMemory(['--events', huge, '--jobs', jobs]);
      expect(result.status).toBe(1);
      expect(result.stderr).toBe(
        `line 2: (line): longer than ${MAX_LINE_BYTES} bytes (1 MiB, the most one event may take, as over HTTP): not read\n` +
          '1 invalid line(s) skipped\n',
      );
      const out = JSON.parse(result.stdout) as { statistics: AgencyYearStatistics[] };
      expect(out.statistics[0]?.tables.requests.received?.research).toBe(2);
      // The CLI itself takes about 150–250 MB; holding the line (as a string, and its copies) would add
      // several times 64 MiB.
      expect(result.peakMb).toBeLessThan(400);
    });
  }

  it('reads a line of exactly 1 MiB and refuses one byte more, by number', () => {
    const file = join(dir, 'edge.jsonl');
    const line = (bytes: number) => {
      const head = '{"eventId":"pad","agencyId":"x","pad":"';
      return `${head}${'y'.repeat(bytes - head.length - 2)}"}`;
    };
    writeFileSync(file, [line(MAX_LINE_BYTES), line(MAX_LINE_BYTES + 1), good('a1', 'R1')].join('\r\n'));
    const result = runCli(['stats', '--events', file]);
    expect(result.status).toBe(1);
    // Line 1 is read and judged by the contract (a CR before the LF does not count); line 2 is not read.
    expect(result.stderr).toMatch(/^line 1: type: must be one of the event types/m);
    expect(result.stderr).toMatch(/^line 2: \(line\): longer than 1048576 bytes/m);
    expect(result.stderr).not.toMatch(/^line 1: \(line\)/m);
  });

  it('shows what the input holds without letting a terminal act on it (ESC, CR, bidi overrides)', () => {
    const file = join(dir, 'escape.jsonl');
    writeFileSync(
      file,
      [
        '\u001b[31m{not json\u202e',
        JSON.stringify({ ...JSON.parse(good('a2', 'R2')), '\u001b[2Jwipe\r': 1 }),
        good('a3', 'R3'),
      ].join('\n'),
    );
    const result = runCli(['stats', '--events', file]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^line 1: \(line\): not valid JSON: .*\\u001b\[31m/m);
    expect(result.stderr).toMatch(/^line 2: \\u001b\[2Jwipe\\u000d: unknown field$/m);
    const acted = [...result.stderr].filter(
      (c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c <= '\u009f') || c === '\u202e'),
    );
    expect(acted).toEqual([]);
  });

  it('folds an agency on one thread however its lines spell the agencyId (spaces, escapes, the word as a value)', () => {
    const file = join(dir, 'spellings.jsonl');
    const base = JSON.parse(good('s1', 'S1')) as Record<string, unknown>;
    const lines: string[] = [];
    for (const agency of ['ag-a', 'ag-b', 'ag-c', 'ag-d', 'ag-e']) {
      for (let i = 0; i < 6; i++) {
        const event = {
          ...base,
          agencyId: agency,
          eventId: `${agency}-${i}`,
          data: { ...(base.data as object), requestId: `R${i}` },
        };
        const text = JSON.stringify(event);
        lines.push(
          i === 1
            ? text.replace(`"agencyId":"${agency}"`, `"agencyId" :  "${agency}"`)
            : i === 2
              ? text.replace(`"agencyId":"${agency}"`, `"agencyId":"${agency.replace('-', '\\u002d')}"`)
              : i === 3
                ? JSON.stringify({ ...event, source: 'agencyId' })
                : text,
        );
      }
    }
    writeFileSync(file, lines.join('\n'));
    const one = runCli(['stats', '--events', file, '--jobs', '1']);
    const three = runCli(['stats', '--events', file, '--jobs', '3']);
    expect(one.stderr).toBe('');
    expect(three.stdout).toBe(one.stdout);
    const out = JSON.parse(one.stdout) as { statistics: AgencyYearStatistics[] };
    expect(out.statistics.map((e) => e.tables.requests.received?.research)).toEqual([6, 6, 6, 6, 6]);
  });
});
