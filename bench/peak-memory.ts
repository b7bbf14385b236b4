/**
 * Preloaded into a measured process (`node --import ./bench/peak-memory.ts …`): on exit, writes the
 * process's peak resident memory (every thread's) in MB to $GONGKAI_PEAK_MEMORY_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.GONGKAI_PEAK_MEMORY_FILE;
if (file) {
  process.on('exit', () => writeFileSync(file, String(Math.round(process.resourceUsage().maxRSS / 1024))));
}
