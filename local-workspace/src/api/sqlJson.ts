/**
 * Entities built as JSON by SQLite itself (json_object): a list page crosses from the
 * WebAssembly heap as one string per item instead of a value per column, and is sent without
 * being parsed and serialized again. Arguments are SQL expressions written here, never request
 * text.
 */

export const TRUE = "json('true')";
export const FALSE = "json('false')";
export const EMPTY_OBJECT = "json('{}')";
export const EMPTY_LIST = "json('[]')";

/** `json_object('k1', e1, 'k2', e2, ...)` in the order given. */
export function obj(fields: Record<string, string>): string {
  return `json_object(${Object.entries(fields)
    .map(([k, v]) => `'${k}', ${v}`)
    .join(', ')})`;
}

/** A scalar subquery returning JSON text, embedded as JSON (NULL when there is no row). */
export function sub(select: string): string {
  return `json((${select}))`;
}

/** ZenML's entity envelope: id, [name], permission_denied, body, metadata, resources. */
export function entitySql(opts: {
  id: string;
  name?: string;
  body: Record<string, string>;
  hydrate: boolean;
  metadata: Record<string, string>;
  resources?: Record<string, string>;
  /**
   * Resources even when not hydrated: ZenML builds pipelines, runs, artifacts, artifact versions,
   * models and model versions with resources on every list and get.
   */
  alwaysResources?: boolean;
}): string {
  const fields: Record<string, string> = { id: opts.id };
  if (opts.name !== undefined) fields.name = opts.name;
  fields.permission_denied = FALSE;
  fields.body = obj(opts.body);
  fields.metadata = opts.hydrate ? obj(opts.metadata) : 'NULL';
  fields.resources = opts.hydrate || opts.alwaysResources ? (opts.resources ? obj(opts.resources) : EMPTY_OBJECT) : 'NULL';
  return obj(fields);
}
