import type { Command } from 'commander';
import { dataDirFrom, startLocal } from '../../infra/local/runtime.ts';
import { createLogger } from '../../shared/adapters/logger.ts';

const parsePort = (value: string) => {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`not a port: ${value}`);
  return port;
};

export function registerStart(program: Command): void {
  program
    .command('start')
    .description(
      'Run Gongkai on this machine: DynamoDB (dynalite) and S3 (s3rver) in this process with their data in the ' +
        'data folder, the HTTP API on 127.0.0.1 (its routes: gongkai routes), the ingest queue and the nightly job (02:00 Asia/Shanghai). ' +
        'The first start registers the demo agency hz-psb, makes a demo key and loads demo/hz-psb-2019.jsonl. ' +
        'Ctrl-C stops it; the data stays.',
    )
    .option(
      '--port <port>',
      'HTTP port on 127.0.0.1 (default: $PORT, else 3000; 0 = any free port)',
      parsePort,
    )
    .option('--data-dir <dir>', 'data folder (default: $GONGKAI_DATA_DIR, else .gongkai)')
    .option(
      '--demo-file <file>',
      'the demo data set to load on first start (default: demo/hz-psb-2019.jsonl)',
    )
    .option('--no-demo', 'do not load the demo data set')
    .option('--nightly-now', 'run the nightly job once as soon as everything is up')
    .action(
      async (options: {
        port?: number;
        dataDir?: string;
        demoFile?: string;
        demo: boolean;
        nightlyNow?: boolean;
      }) => {
        const log = createLogger({ format: 'pretty' });
        const port = options.port ?? (process.env.PORT ? parsePort(process.env.PORT) : 3000);
        const dataDir = options.dataDir ? dataDirFrom({ GONGKAI_DATA_DIR: options.dataDir }) : dataDirFrom();

        // Ask for a stop as soon as we can be stopped (even during the demo load); a second signal forces it.
        let firstSignalAt = 0;
        let requestStop: () => void = () => undefined;
        const stopRequested = new Promise<void>((resolve) => {
          requestStop = resolve;
        });
        const onSignal = (signal: NodeJS.Signals) => {
          const now = Date.now();
          if (firstSignalAt && now - firstSignalAt > 1000) {
            process.stderr.write(`\n${signal} again: exiting at once\n`);
            process.exit(130);
          }
          if (!firstSignalAt) process.stdout.write(`\n${signal}: stopping…\n`);
          firstSignalAt ||= now;
          requestStop();
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);

        const aborter = new AbortController();
        void stopRequested.then(() => aborter.abort());
        try {
          const runtime = await startLocal({
            dataDir,
            port,
            log,
            out: process.stdout,
            loadDemo: options.demo,
            signal: aborter.signal,
            ...(options.demoFile ? { demoFile: options.demoFile } : {}),
            ...(options.nightlyNow ? { nightlyNow: true } : {}),
          });
          await stopRequested;
          await runtime.stop();
          process.stdout.write('stopped; the data is in the data folder\n');
        } catch (error) {
          process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
          process.exitCode = 1;
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        setTimeout(() => process.exit(0), 3000).unref(); // if a stray handle lingers
      },
    );
}
