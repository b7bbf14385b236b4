/** The one content digest of the use cases: sha256 in hex, of bytes or of text (UTF-8). */
import { createHash } from 'node:crypto';

export const sha256Hex = (data: Uint8Array | string): string =>
  createHash('sha256').update(data).digest('hex');
