/**
 * The agency registry: id, name, parent (the hierarchy), region. An event is stored only for a registered
 * agency. Registering an agency again updates it; a parent must be registered first, and a change that
 * would close a cycle in the hierarchy (an agency above itself) is refused.
 *
 * The hierarchy decides the consolidated statistics: an agency's parent — the one it leaves and the one
 * it joins — is marked ROLLUP, so the next nightly consolidates both again (and their ancestors after
 * them). The old parent is marked before the change (it is only known then) and both after it; the new
 * parent is marked on every registration, so re-running a registration that crashed repairs it.
 */
import { unprintableReason } from '../domain/text.ts';
import { invalidArgument } from '../errors.ts';
import type { Agency, AgencyRegistry, ChangeMarkers, Clock } from '../ports.ts';

export interface AgencyDeps {
  readonly agencies: AgencyRegistry;
  /** ROLLUP markers: "recompute this agency's consolidated statistics". */
  readonly rollups: ChangeMarkers;
  readonly clock: Clock;
}

export interface AgencyInput {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
  readonly region?: string;
}

const ID_PATTERN = /^[a-z0-9-]{1,64}$/;

/** The chain from `start` upwards; stops at a missing parent or when it meets `id` (a cycle). */
export function wouldCloseCycle(
  id: string,
  parentId: string,
  parents: ReadonlyMap<string, string | undefined>,
) {
  const seen = new Set<string>();
  for (let at: string | undefined = parentId; at !== undefined; at = parents.get(at)) {
    if (at === id) return true;
    if (seen.has(at)) return false; // an older cycle elsewhere: not this agency's
    seen.add(at);
  }
  return false;
}

export async function registerAgency(
  deps: AgencyDeps,
  input: AgencyInput,
): Promise<{ agency: Agency; created: boolean }> {
  if (!ID_PATTERN.test(input.id)) throw invalidArgument('an agency id is 1–64 characters of a–z 0–9 -');
  const name = input.name.trim();
  if (name === '' || name.length > 200) throw invalidArgument('an agency needs a name (1–200 characters)');
  const region = input.region?.trim() || undefined;
  // The name is the title of its reports.
  for (const [text, what] of [
    [name, 'the name'],
    [region ?? '', 'the region'],
  ] as const) {
    const reason = unprintableReason(text, { what });
    if (reason) throw invalidArgument(reason);
  }
  const parentId = input.parentId?.trim() || undefined;

  for (let attempt = 0; attempt < 5; attempt++) {
    const all = await deps.agencies.list();
    const byId = new Map(all.map((a) => [a.id, a]));
    if (parentId !== undefined) {
      if (parentId === input.id) throw invalidArgument(`agency ${input.id} cannot be its own parent`);
      if (!byId.has(parentId)) {
        throw invalidArgument(`parent ${parentId} is not registered; register it first`);
      }
      const parents = new Map(all.map((a) => [a.id, a.parentId]));
      if (wouldCloseCycle(input.id, parentId, parents)) {
        throw invalidArgument(
          `agency ${input.id} cannot be placed under ${parentId}: ${parentId} is already below ${input.id} (a cycle)`,
        );
      }
    }
    const existing = byId.get(input.id);
    const now = deps.clock().toISOString();
    const agency: Agency = {
      id: input.id,
      name,
      registeredAt: existing?.registeredAt ?? now,
      updatedAt: now,
      ...(parentId ? { parentId } : {}),
      ...(region ? { region } : {}),
    };
    const leaving =
      existing?.parentId !== undefined && existing.parentId !== parentId ? existing.parentId : undefined;
    if (leaving) await deps.rollups.mark([leaving], now);
    // Guarded by the version read: a concurrent change makes us read again and re-check the hierarchy.
    if (await deps.agencies.put(agency, existing?.updatedAt)) {
      const parents = [leaving, parentId].filter((id): id is string => id !== undefined);
      if (parents.length > 0) await deps.rollups.mark(parents, now);
      return { agency, created: !existing };
    }
  }
  throw new Error(`agency ${input.id} kept changing while it was registered; try again`);
}

export async function listAgencies(deps: Pick<AgencyDeps, 'agencies'>): Promise<Agency[]> {
  return (await deps.agencies.list()).sort((a, b) => a.id.localeCompare(b.id));
}

/** The agencies as a tree, depth-first: parents before children, siblings by id. */
export function agencyTree(agencies: readonly Agency[]): { agency: Agency; depth: number }[] {
  const ids = new Set(agencies.map((a) => a.id));
  const children = new Map<string | undefined, Agency[]>();
  for (const a of agencies) {
    const parent = a.parentId && ids.has(a.parentId) ? a.parentId : undefined;
    children.set(parent, [...(children.get(parent) ?? []), a]);
  }
  const out: { agency: Agency; depth: number }[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const a of (children.get(parent) ?? []).sort((x, y) => x.id.localeCompare(y.id))) {
      out.push({ agency: a, depth });
      visit(a.id, depth + 1);
    }
  };
  visit(undefined, 0);
  // Agencies caught in a cycle (possible only through a race of two concurrent registrations) are listed too.
  const listed = new Set(out.map((o) => o.agency.id));
  for (const a of agencies) if (!listed.has(a.id)) out.push({ agency: a, depth: 0 });
  return out;
}

/** An agency as a key's holder sees it: enough to list and pick it. */
export interface AgencySummary {
  readonly id: string;
  readonly name: string;
  readonly parentId?: string;
}

/** The registered agencies of a key's scope as a tree (parents first), for `GET /v1/me`. */
export async function agenciesInScope(
  deps: { readonly agencies: Pick<AgencyRegistry, 'getMany'> },
  agencyIds: Iterable<string>,
): Promise<AgencySummary[]> {
  const registered = await deps.agencies.getMany([...agencyIds]);
  return agencyTree([...registered.values()]).map(({ agency }) => ({
    id: agency.id,
    name: agency.name,
    ...(agency.parentId ? { parentId: agency.parentId } : {}),
  }));
}
