/**
 * What ingest answers for each event and for a batch, as types of their own (no I/O, no Node built-ins), so
 * that the officer console (browser code) reads the same declarations the use case writes.
 */
import type { FieldIssue } from '../domain/contract.ts';

export const EVENT_STATUSES = ['accepted', 'duplicate', 'rejected', 'conflict', 'forbidden'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];

export interface EventResult {
  readonly index: number;
  readonly status: EventStatus;
  readonly eventId?: string;
  readonly agencyId?: string;
  /** For `rejected`: every reason, with field paths (`events[3].data.channel` in a batch). */
  readonly issues?: readonly FieldIssue[];
  /** For `conflict` and `forbidden`: what happened and what to do. */
  readonly message?: string;
}

export interface IngestReport {
  readonly summary: Readonly<Record<EventStatus, number>>;
  readonly results: readonly EventResult[];
}
