/**
 * Composition: the DynamoDB stores behind the ports, built from one client and the config. The handlers'
 * default wiring uses `defaultStores()` (one per Lambda instance, reused across warm invocations).
 */
import { type Config, loadConfig } from '../config.ts';
import type {
  AgencyRegistry,
  ChangeMarkers,
  DeadlinesStore,
  EventStore,
  KeyStore,
  ReportRecords,
  StatisticsStore,
} from '../ports.ts';
import { type ClientOptions, createDynamoDb, type DynamoDb } from './clients.ts';
import { DynamoDbEventStore } from './dynamodb-event-store.ts';
import { DynamoDbAgencyRegistry, DynamoDbChangeMarkers, DynamoDbKeyStore } from './dynamodb-registry.ts';
import { DynamoDbReportRecords } from './dynamodb-reports.ts';
import {
  DynamoDbDeadlinesStore,
  DynamoDbRollupMarkers,
  DynamoDbStatisticsStore,
} from './dynamodb-statistics.ts';

export interface Stores {
  readonly events: EventStore;
  readonly agencies: AgencyRegistry;
  readonly keys: KeyStore;
  readonly markers: ChangeMarkers;
  /** Statistics snapshots per agency, year and scope (table `statistics`). */
  readonly statistics: StatisticsStore;
  readonly deadlines: DeadlinesStore;
  /** "A descendant changed: recompute the consolidated statistics" (table `statistics`). */
  readonly rollups: ChangeMarkers;
  /** Narrative versions, report version numbers, publications (table `registry`, PK REPORT#{agencyId}). */
  readonly reports: ReportRecords;
}

export function createStores(db: DynamoDb, config: Config): Stores {
  return {
    events: new DynamoDbEventStore(db, config.tables.events),
    agencies: new DynamoDbAgencyRegistry(db, config.tables.registry),
    keys: new DynamoDbKeyStore(db, config.tables.registry),
    markers: new DynamoDbChangeMarkers(db, config.tables.registry),
    statistics: new DynamoDbStatisticsStore(db, config.tables.statistics),
    deadlines: new DynamoDbDeadlinesStore(db, config.tables.statistics),
    rollups: new DynamoDbRollupMarkers(db, config.tables.statistics),
    reports: new DynamoDbReportRecords(db, config.tables.registry),
  };
}

let shared: { config: Config; stores: Stores } | undefined;

/** The stores ingest writes through: built alone, the ingest bundles carry none of the others (150 KiB). */
export type IngestStores = Pick<Stores, 'events' | 'agencies' | 'markers'>;

let ingest: { config: Config; stores: IngestStores } | undefined;

/** The ingest stores of this process, from the environment: for the ingest handlers' default wiring. */
export function defaultIngestStores(): { config: Config; stores: IngestStores } {
  if (!ingest) {
    const config = loadConfig();
    const db = createDynamoDb(config);
    ingest = {
      config,
      stores: {
        events: new DynamoDbEventStore(db, config.tables.events),
        agencies: new DynamoDbAgencyRegistry(db, config.tables.registry),
        markers: new DynamoDbChangeMarkers(db, config.tables.registry),
      },
    };
  }
  return ingest;
}

/** The stores of this process, from the environment: for a Lambda handler's default wiring. */
export function defaultStores(clients: ClientOptions = {}): { config: Config; stores: Stores } {
  if (!shared) {
    const config = loadConfig();
    shared = { config, stores: createStores(createDynamoDb(config, clients), config) };
  }
  return shared;
}
