/**
 * Preloaded into a measured process (`node --import ./bench/peak-memory.ts …`): on exit, writes to
 * $GONGKAI_PEAK_MEMORY_FILE the process's peak resident memory in MB and its CPU time (user + system) in
 * ms, every thread's (worker threads and native threads alike): on a shared machine the CPU time is the
 * steadier measure of the work done.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.GONGKAI_PEAK_MEMORY_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      file,
      JSON.stringify({
        peakMb: Math.round(usage.maxRSS / 1024),
        cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
      }),
    );
  });
}
