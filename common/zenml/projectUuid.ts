/**
 * Recognising a project UUID the way the ZenML client does. Its config models type
 * `active_project_id` as `uuid.UUID`; pydantic parses text with the `uuid` crate's
 * `Uuid::parse_str`, which accepts the hyphenated form, the 32-digit simple form, braces and a
 * `urn:uuid:` prefix, in any case, and any version.
 */

const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = /^[0-9a-f]{32}$/i;

/**
 * The UUID in its canonical form (lowercase, hyphenated: the form ZenML's API returns and
 * writes), or undefined when `text` is not a UUID and so is taken for a project name.
 */
export function canonicalUuid(text: string): string | undefined {
  let body = text;
  if (/^urn:uuid:/i.test(body)) body = body.slice('urn:uuid:'.length);
  else if (body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  let hex: string;
  if (HYPHENATED.test(body)) hex = body.replace(/-/g, '');
  else if (SIMPLE.test(body)) hex = body;
  else return undefined;
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The project ID the connected workspace gives a UUID, whatever form the map's keys take. */
export function projectIdOfUuid(uuid: string, uuidToId: ReadonlyMap<string, string>): string | undefined {
  const wanted = canonicalUuid(uuid);
  if (wanted === undefined) return undefined;
  for (const [key, id] of uuidToId) if (canonicalUuid(key) === wanted) return id;
  return undefined;
}

/** The UUID of a project ID in the connected workspace, in canonical form. */
export function uuidOfProjectId(projectId: string, uuidToId: ReadonlyMap<string, string>): string | undefined {
  for (const [key, id] of uuidToId) if (id === projectId) return canonicalUuid(key) ?? key;
  return undefined;
}
