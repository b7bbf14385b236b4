/**
 * API keys. A key is `gk_` + 32 random bytes in base64url; only its sha256 is stored. Its public id,
 * `k_` + the first 16 hex digits of that hash, is what `keys list` shows and `keys revoke` takes, and
 * what the authorizer looks the key up by (then it compares the whole hash, in constant time).
 * Each key may write for one or more registered agencies.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { invalidArgument } from '../errors.ts';
import type { AgencyRegistry, ApiKeyRecord, Clock, KeyStore } from '../ports.ts';
import { sha256Hex } from './digest.ts';

export const KEY_PREFIX = 'gk_';
const KEY_PATTERN = /^gk_[A-Za-z0-9_-]{43}$/;

export interface KeyDeps {
  readonly keys: KeyStore;
  readonly agencies: AgencyRegistry;
  readonly clock: Clock;
}

export const hashKey = (key: string) => sha256Hex(key);
export const keyIdOf = (hash: string) => `k_${hash.slice(0, 16)}`;

export function generateKey(bytes: Buffer = randomBytes(32)): { key: string; hash: string; keyId: string } {
  const key = `${KEY_PREFIX}${bytes.toString('base64url')}`;
  const hash = hashKey(key);
  return { key, hash, keyId: keyIdOf(hash) };
}

/** Creates a key for these agencies. Answers the key itself once: it cannot be shown again. */
export async function createKey(
  deps: KeyDeps,
  input: { agencyIds: readonly string[]; label?: string },
): Promise<{ key: string; record: ApiKeyRecord }> {
  const agencyIds = [...new Set(input.agencyIds)].sort();
  if (agencyIds.length === 0) throw invalidArgument('a key needs at least one agency (--agency ID)');
  const registered = await deps.agencies.getMany(agencyIds);
  const unknown = agencyIds.filter((id) => !registered.has(id));
  if (unknown.length > 0) {
    throw invalidArgument(
      `not registered: ${unknown.join(', ')}; register an agency first (gongkai agencies register ID --name NAME)`,
    );
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const { key, hash, keyId } = generateKey();
    const record: ApiKeyRecord = {
      keyId,
      hash,
      agencyIds,
      createdAt: deps.clock().toISOString(),
      ...(input.label ? { label: input.label } : {}),
    };
    if (await deps.keys.create(record)) return { key, record };
  }
  throw new Error('could not create a key with a fresh id');
}

export async function listKeys(deps: Pick<KeyDeps, 'keys'>): Promise<ApiKeyRecord[]> {
  const keys = await deps.keys.list();
  return keys.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
}

export async function revokeKey(deps: Pick<KeyDeps, 'keys' | 'clock'>, keyId: string): Promise<ApiKeyRecord> {
  if (!(await deps.keys.revoke(keyId, deps.clock().toISOString()))) {
    throw invalidArgument(`no key ${keyId} (gongkai keys list shows the keys)`);
  }
  const record = await deps.keys.get(keyId);
  if (!record) throw invalidArgument(`no key ${keyId}`);
  return record;
}

export type Authentication =
  | { readonly ok: true; readonly keyId: string; readonly agencyIds: readonly string[] }
  | { readonly ok: false; readonly reason: string };

const BEARER_HINT = 'send "Authorization: Bearer gk_…" with an API key (gongkai keys create --agency ID)';

/** Reads `Authorization: Bearer <key>`; answers the key or why there is none. */
export function readBearer(header: string | undefined): { key: string } | { reason: string } {
  if (header === undefined || header.trim() === '') return { reason: `no API key: ${BEARER_HINT}` };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) return { reason: `the Authorization header is not "Bearer <key>": ${BEARER_HINT}` };
  return { key: match[1]! };
}

/** Checks a key against the store. Never throws for a bad key; throws if the store fails. */
export async function authenticate(deps: Pick<KeyDeps, 'keys'>, key: string): Promise<Authentication> {
  if (!KEY_PATTERN.test(key)) return { ok: false, reason: `this is not a Gongkai API key: ${BEARER_HINT}` };
  const hash = hashKey(key);
  const record = await deps.keys.get(keyIdOf(hash));
  if (!record || !timingSafeEqual(Buffer.from(record.hash, 'hex'), Buffer.from(hash, 'hex'))) {
    return { ok: false, reason: 'unknown API key' };
  }
  if (record.revokedAt) return { ok: false, reason: `this API key was revoked on ${record.revokedAt}` };
  return { ok: true, keyId: record.keyId, agencyIds: record.agencyIds };
}

/**
 * `authenticate` with a short memory of good keys (per process, `ttlMs`), for reads: a warm authorizer
 * does not read the store on every GET, and a revocation reaches reads within `ttlMs`. A write asks with
 * `fresh: true`: the key's record is read now (a revoked key never writes), and the memory is renewed
 * or forgotten with what was read.
 */
export function cachedAuthenticator(
  deps: Pick<KeyDeps, 'keys'>,
  options: { ttlMs: number; now?: () => number; maxEntries?: number },
): (key: string, how?: { fresh?: boolean }) => Promise<Authentication> {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 1000;
  const cache = new Map<string, { until: number; auth: Authentication }>();
  return async (key, how = {}) => {
    const hit = how.fresh ? undefined : cache.get(key);
    if (hit && hit.until > now()) return hit.auth;
    const auth = await authenticate(deps, key);
    if (auth.ok && options.ttlMs > 0) {
      if (cache.size >= maxEntries) cache.clear();
      cache.set(key, { until: now() + options.ttlMs, auth });
    } else {
      cache.delete(key);
    }
    return auth;
  };
}
