/** The benchmark's data: a synthesized JSONL file of about `events` events, written once and reused. */

import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadCase } from '../test/support/cases.ts';
import { type ReportTarget, synthesize } from '../test/support/synthesize.ts';

export const BENCH_DIR = process.env.GONGKAI_BENCH_DIR ?? join('.gongkai', 'bench');

/** Writes (or reuses) a file of at least `events` events: 淮安 2024's tables, scaled, over many agencies. */
export async function benchFile(events: number, onProgress?: (written: number) => void): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = join(BENCH_DIR, `events-${events}.jsonl`);
  if (existsSync(file) && statSync(file).size > 0) return file;
  const base = loadCase('huaian-city-2024', 'bench');
  const partial = `${file}.partial`;
  const out = createWriteStream(partial);
  let written = 0;
  for (let agency = 0; written < events; agency++) {
    const target: ReportTarget = {
      ...base,
      agencyId: `bench-${String(agency).padStart(4, '0')}`,
      extras: { fees: { totalYuan: 3940, count: 12 }, posts: { byChannel: { website: 2000, wechat: 400 } } },
    };
    for (const e of synthesize(target, { seed: agency + 1, traps: true })) {
      if (!out.write(`${JSON.stringify(e)}\n`)) await once(out, 'drain');
      written += 1;
    }
    onProgress?.(written);
  }
  out.end();
  await once(out, 'finish');
  renameSync(partial, file);
  return file;
}
