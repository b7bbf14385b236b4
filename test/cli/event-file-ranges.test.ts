import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type EventLine, forEachEventLine, MAX_LINE_BYTES } from '../../shared/adapters/event-file.ts';

/** Every line the reader hands over (ok or not), as [line number, what it is]. */
async function readAll(file: string, range?: { start: number; end: number }) {
  const seen: [number, string][] = [];
  const summary = await forEachEventLine(
    file,
    (line: EventLine) =>
      seen.push([line.line, line.ok ? line.event.eventId : (line.issues[0]?.message ?? '').slice(0, 24)]),
    range ? { range } : {},
  );
  return { seen, lines: summary.lines };
}

const event = (n: number) =>
  JSON.stringify({
    agencyId: 'ag-1',
    eventId: `ev-${n}`,
    type: 'request.received',
    occurredAt: '2024-03-04T10:00:00+08:00',
    data: { requestId: `r-${n}`, channel: 'online', applicantType: 'natural_person' },
  });

describe('reading an event file by byte ranges', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-ranges-'));
  // A byte-order mark, CRLF and LF ends, blank lines, bad lines, a line too long, no final line end.
  const parts = [
    `\uFEFF${event(1)}\r\n`,
    `${event(2)}\n`,
    '\n',
    '   \r\n',
    'not json\n',
    `${event(3)}\r\n`,
    `${'x'.repeat(MAX_LINE_BYTES + 10)}\n`,
    `{"agencyId":"ag-1","eventId":"中文-é"}\n`,
    `${event(4)}\n`,
    '\n',
    event(5),
  ];
  const file = join(dir, 'events.jsonl');
  const text = parts.join('');
  writeFileSync(file, text);
  const size = Buffer.byteLength(text);
  const longStart = Buffer.byteLength(parts.slice(0, 6).join(''));
  const longEnd = longStart + Buffer.byteLength(parts[6] as string);
  /** Cut points anywhere, but mostly among the short lines around the long one. */
  const cut = fc.oneof(
    fc.integer({ min: 1, max: longStart + 4 }),
    fc.integer({ min: longEnd - 4, max: size - 1 }),
    fc.integer({ min: 1, max: size - 1 }),
  );

  it('hands every line over exactly once, numbered as in the whole file, however the file is cut', async () => {
    // Arrange: the file read whole
    const whole = await readAll(file);
    expect(whole.seen.map(([n]) => n)).toEqual([1, 2, 5, 6, 7, 8, 9, 11]);
    expect(whole.lines).toBe(11);

    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(cut, { maxLength: 4 }), async (cuts) => {
        // Act: the file read as ranges between sorted cut points (inside lines, on line ends, in the BOM…)
        const bounds = [0, ...[...cuts].sort((a, b) => a - b), size];
        const joined: [number, string][] = [];
        let before = 0;
        for (let i = 0; i + 1 < bounds.length; i++) {
          const part = await readAll(file, { start: bounds[i] as number, end: bounds[i + 1] as number });
          joined.push(...part.seen.map(([n, what]): [number, string] => [before + n, what]));
          before += part.lines;
        }

        // Assert: the same lines, the same numbers, the same count
        expect(joined).toEqual(whole.seen);
        expect(before).toBe(whole.lines);
      }),
      { numRuns: 150 },
    );
  });

  it('reads nothing of a range that holds no line start, and the last line of a range to its end', async () => {
    // Act: a range wholly inside the long line; a range that starts just before it
    const inside = await readAll(file, { start: longStart + 5, end: longStart + 100 });
    const around = await readAll(file, { start: longStart - 1, end: longStart + 1 });

    // Assert
    expect(inside).toEqual({ seen: [], lines: 0 });
    expect(around.lines).toBe(1);
    expect(around.seen[0]?.[1]).toMatch(/^longer than/);
  });
});
