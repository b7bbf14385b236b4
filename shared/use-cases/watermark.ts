/**
 * A watermark as it is accumulated: how many events were folded and the newest of them — the greatest
 * `receivedAt` (ISO 8601 UTC with milliseconds everywhere, so it sorts as text) and the greatest
 * `occurredAt` by instant. One place for a pass over an agency's log (the nightly, a generation) and for
 * a consolidation (the sum of its parts' watermarks).
 */
import { parseOccurredAt } from '../domain/time.ts';
import type { Watermark } from '../ports.ts';

export class WatermarkBuilder {
  private eventsFolded = 0;
  private newestReceivedAt: string | null = null;
  private newestOccurredAt: string | null = null;
  private newestOccurredMs = Number.NEGATIVE_INFINITY;

  /** One event of the log; `occurredMs` when the caller has parsed `occurredAt` already. */
  addEvent(receivedAt: string, occurredAt: string, occurredMs = parseOccurredAt(occurredAt)?.ms): void {
    this.eventsFolded += 1;
    this.newest(receivedAt, occurredAt, occurredMs);
  }

  /** The watermark of a part (a consolidation counts what its parts counted). */
  addWatermark(part: Watermark): void {
    this.eventsFolded += part.eventsFolded;
    const occurredMs =
      part.newestOccurredAt === null ? undefined : parseOccurredAt(part.newestOccurredAt)?.ms;
    this.newest(part.newestReceivedAt, part.newestOccurredAt, occurredMs);
  }

  build(versions: { readonly rulesVersion: string; readonly calendarVersion: string }, computedAt: string) {
    const watermark: Watermark = {
      eventsFolded: this.eventsFolded,
      newestReceivedAt: this.newestReceivedAt,
      newestOccurredAt: this.newestOccurredAt,
      rulesVersion: versions.rulesVersion,
      calendarVersion: versions.calendarVersion,
      computedAt,
    };
    return watermark;
  }

  private newest(receivedAt: string | null, occurredAt: string | null, occurredMs: number | undefined) {
    if (receivedAt !== null && (this.newestReceivedAt === null || receivedAt > this.newestReceivedAt))
      this.newestReceivedAt = receivedAt;
    if (occurredAt !== null && occurredMs !== undefined && occurredMs > this.newestOccurredMs) {
      this.newestOccurredMs = occurredMs;
      this.newestOccurredAt = occurredAt;
    }
  }
}
