/**
 * One agency-year's full generation, warm: the demo's 杭州市公安局 2019 (folded once from
 * demo/hz-psb-2019.jsonl, not timed) → report.xlsx, report.html, report.docx, statistics.json, then
 * manifest.json, through the generate use case (version claim, put-if-absent, manifest last). Two targets,
 * in alternation (the machine's speed drifts): an in-memory artifact store (the use case and the
 * renderers alone), and s3rver in this process (plus the local S3 writes). Target: ≤ 500 ms.
 *
 * `npx tsx bench/generate.ts [rounds]` prints the figures; `benchGenerate()` answers them for `npm run bench`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_TEMPLATE_FILE, readTemplateFile } from '../infra/local/demo-report.ts';
import { startS3rver } from '../infra/local/emulators.ts';
import { createS3 } from '../shared/adapters/clients.ts';
import { forEachEventLine } from '../shared/adapters/event-file.ts';
import { S3ArtifactStore } from '../shared/adapters/s3-artifact-store.ts';
import { loadConfig } from '../shared/config.ts';
import { CALENDAR_VERSION } from '../shared/domain/calendar/index.ts';
import { RULES_VERSION } from '../shared/domain/rules/index.ts';
import { StatisticsFold } from '../shared/domain/statistics/fold.ts';
import type { ArtifactObject, ArtifactStore, ReportRecords, Watermark } from '../shared/ports.ts';
import { generateVersion, type VersionInput } from '../shared/use-cases/generate.ts';
import { templateHash } from '../shared/use-cases/templates.ts';

const DEMO = fileURLToPath(new URL('../demo/hz-psb-2019.jsonl', import.meta.url));
export const GENERATE_TARGET_MS = 500;

export interface BenchGenerateOptions {
  readonly rounds?: number;
  readonly log?: (text: string) => void;
}

export interface Timing {
  readonly minMs: number;
  readonly medianMs: number;
  readonly maxMs: number;
}

/** An artifact store in memory (put-if-absent holds). */
export function memoryArtifactStore(): ArtifactStore {
  const objects = new Map<string, Uint8Array>();
  return {
    async putIfAbsent(key, body) {
      if (objects.has(key)) return false;
      objects.set(key, body);
      return true;
    },
    get: async (key) => objects.get(key),
    head: async (key) => {
      const body = objects.get(key);
      return body ? { size: body.byteLength } : undefined;
    },
    list: async (prefix) =>
      [...objects.entries()]
        .filter(([key]) => key.startsWith(prefix))
        .map(([key, body]): ArtifactObject => ({ key, size: body.byteLength }))
        .sort((a, b) => (a.key < b.key ? -1 : 1)),
    presignGet: async (key) => `memory://${key}`,
  };
}

/** Version claims in memory. */
function memoryClaims(): Pick<ReportRecords, 'highestClaimedVersion' | 'claimVersion'> {
  const claimed = new Set<string>();
  const highest = new Map<string, number>();
  return {
    highestClaimedVersion: async (agencyId, year) => highest.get(`${agencyId}/${year}`) ?? 0,
    async claimVersion(agencyId, year, version) {
      const key = `${agencyId}/${year}/${version}`;
      if (claimed.has(key)) return false;
      claimed.add(key);
      highest.set(`${agencyId}/${year}`, Math.max(version, highest.get(`${agencyId}/${year}`) ?? 0));
      return true;
    },
  };
}

const summarise = (ms: readonly number[]): Timing => {
  const sorted = [...ms].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return {
    minMs: Math.round(sorted[0]!),
    medianMs: Math.round(median),
    maxMs: Math.round(sorted.at(-1)!),
  };
};

/** The demo's 2019 (and 2018 for the comparison, when present), folded once. */
async function demoInput(): Promise<VersionInput> {
  const fold = new StatisticsFold();
  let events = 0;
  await forEachEventLine(DEMO, (line) => {
    if (line.ok) {
      fold.add(line.event);
      events++;
    }
  });
  const [statistics] = fold.statistics({ agencyId: 'hz-psb', year: 2019 });
  const watermark: Watermark = {
    eventsFolded: events,
    newestReceivedAt: null,
    newestOccurredAt: null,
    rulesVersion: RULES_VERSION,
    calendarVersion: CALENDAR_VERSION,
    computedAt: new Date().toISOString(),
  };
  // The demo's own template (eight sections, 附件, signature): generation with a template is what is timed.
  const template = readTemplateFile(DEMO_TEMPLATE_FILE);
  return {
    statistics: statistics!,
    agencyName: '杭州市公安局',
    template: { template, sha256: templateHash(template), source: 'agency', assignment: 1 },
    watermark,
    timeliness: { shareOnTime: 0.98, medianWorkingDays: 9 },
  };
}

export async function benchGenerate(options: BenchGenerateOptions = {}) {
  const rounds = Math.max(1, options.rounds ?? 5);
  const log = options.log ?? (() => undefined);
  log('generate: folding the demo…');
  const input = await demoInput();
  const folder = mkdtempSync(join(tmpdir(), 'gongkai-bench-s3-'));
  const bucket = 'gongkai-bench';
  const s3rver = await startS3rver({ directory: folder, buckets: [bucket] });
  const s3 = createS3({ ...loadConfig({}), region: 'local', s3Endpoint: s3rver.endpoint });
  try {
    const targets = {
      memory: { artifacts: memoryArtifactStore(), reports: memoryClaims() },
      s3rver: { artifacts: new S3ArtifactStore(s3, bucket), reports: memoryClaims() },
    };
    const times: Record<keyof typeof targets, number[]> = { memory: [], s3rver: [] };
    const render: Record<keyof typeof targets, number[]> = { memory: [], s3rver: [] };
    let sizes: Record<string, number> = {};
    // One warm-up of each (module loading, JIT, fonts), then the rounds, alternating.
    for (let round = 0; round <= rounds; round++) {
      for (const name of Object.keys(targets) as (keyof typeof targets)[]) {
        const started = performance.now();
        const generated = await generateVersion({ ...targets[name], clock: () => new Date() }, input);
        const ms = performance.now() - started;
        if (round === 0) continue;
        times[name].push(ms);
        render[name].push(generated.timings.renderMs);
        sizes = Object.fromEntries(generated.manifest.artifacts.map((a) => [a.name, a.size]));
        log(`  generate round ${round}/${rounds} ${name}: ${Math.round(ms)} ms`);
      }
    }
    const memory = summarise(times.memory);
    const local = summarise(times.s3rver);
    return {
      agencyYear: 'hz-psb 2019 (demo)',
      rounds,
      targetMs: GENERATE_TARGET_MS,
      memory: { ...memory, render: summarise(render.memory) },
      s3rver: { ...local, render: summarise(render.s3rver) },
      withinTarget: memory.medianMs <= GENERATE_TARGET_MS && local.medianMs <= GENERATE_TARGET_MS,
      bytes: sizes,
    };
  } finally {
    s3.destroy();
    await s3rver.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Number(process.argv[2] ?? '5');
  const result = await benchGenerate({ rounds, log: (text) => process.stderr.write(`${text}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
