/** The envelope of every ZenML entity: `{id, name, permission_denied, body, metadata, resources}`. */

export interface Entity {
  id: string;
  name?: string;
  permission_denied: boolean;
  body: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
  resources: Record<string, unknown> | null;
}

/**
 * `metadata` and `resources` only when hydrated (lists default to not, single gets to yes). Keys
 * in ZenML's order: id, name, permission_denied, body, metadata, resources.
 */
export function entity(
  id: string,
  name: string | undefined,
  body: Record<string, unknown>,
  hydrate: boolean,
  metadata: () => Record<string, unknown>,
  resources: () => Record<string, unknown> = () => ({}),
): Entity {
  const meta = hydrate ? metadata() : null;
  const res = hydrate ? resources() : null;
  return name === undefined
    ? { id, permission_denied: false, body, metadata: meta, resources: res }
    : { id, name, permission_denied: false, body, metadata: meta, resources: res };
}
