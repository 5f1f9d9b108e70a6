/** The envelope of every ZenML entity: `{id, name, permission_denied, body, metadata, resources}`. */

export interface Entity {
  id: string;
  name?: string;
  permission_denied: boolean;
  body: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  resources: Record<string, unknown> | null;
}

/** `metadata` and `resources` only when hydrated (lists default to not, single gets to yes). */
export function entity(
  id: string,
  name: string | undefined,
  body: Record<string, unknown>,
  hydrate: boolean,
  metadata: () => Record<string, unknown>,
  resources: () => Record<string, unknown> = () => ({}),
): Entity {
  const e: Entity = { id, permission_denied: false, body, metadata: null, resources: null };
  if (name !== undefined) e.name = name;
  if (hydrate) {
    e.metadata = metadata();
    e.resources = resources();
  }
  // Keep ZenML's key order: id, name, permission_denied, body, metadata, resources.
  return name === undefined
    ? e
    : { id: e.id, name: e.name, permission_denied: false, body: e.body, metadata: e.metadata, resources: e.resources };
}

/** A user reference inside `resources`, the way ZenML embeds a non-hydrated user. */
export function userRef(id: string | null, name: string | null): Record<string, unknown> | null {
  if (!id) return null;
  return { id, name: name ?? '', permission_denied: false, body: null, metadata: null, resources: null };
}
