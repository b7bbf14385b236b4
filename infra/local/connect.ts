/**
 * Where the CLI's storage commands (keys, agencies) act:
 * - GONGKAI_TARGET=aws, or GONGKAI_DYNAMODB_ENDPOINT set: that DynamoDB (the configured tables);
 * - otherwise the embedded default's data folder (GONGKAI_DATA_DIR, default .gongkai): through the
 *   running `npm start` if there is one (its emulator holds the files), else by opening the folder here.
 */
import { createClients } from '../../shared/adapters/clients.ts';
import { createStores, type Stores } from '../../shared/adapters/deps.ts';
import { type Config, loadConfig } from '../../shared/config.ts';
import type { Clock } from '../../shared/ports.ts';
import { dataDirFrom, openLocalStorage, readRunningRuntime, secureDataDir } from './runtime.ts';

export interface StorageContext {
  readonly stores: Stores;
  readonly config: Config;
  readonly clock: Clock;
  /** Where this acts, for the user. */
  readonly where: string;
}

export async function withStores<T>(
  run: (context: StorageContext) => Promise<T>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<T> {
  const clock = () => new Date();
  if (env.GONGKAI_TARGET === 'aws' || env.GONGKAI_DYNAMODB_ENDPOINT) {
    const config = loadConfig(env);
    const clients = createClients(config);
    try {
      const where = config.dynamodbEndpoint ?? `AWS ${config.region}`;
      return await run({ stores: createStores(clients.dynamodb, config), config, clock, where });
    } finally {
      clients.destroy();
    }
  }
  const dataDir = dataDirFrom(env);
  const running = readRunningRuntime(dataDir);
  if (running) {
    const config: Config = {
      ...loadConfig(env),
      dynamodbEndpoint: running.dynamodbEndpoint,
      s3Endpoint: running.s3Endpoint,
    };
    const clients = createClients(config);
    try {
      const where = `the running npm start (pid ${running.pid}), data folder ${dataDir}`;
      return await run({ stores: createStores(clients.dynamodb, config), config, clock, where });
    } finally {
      clients.destroy();
    }
  }
  secureDataDir(dataDir);
  const storage = await openLocalStorage(dataDir, env);
  try {
    const where = `data folder ${dataDir}`;
    return await run({
      stores: createStores(storage.clients.dynamodb, storage.config),
      config: storage.config,
      clock,
      where,
    });
  } finally {
    await storage.close();
  }
}
