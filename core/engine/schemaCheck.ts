/**
 * Checks values against schemas/project.schema.json with ajv (compiled ahead of time, see
 * scripts/generateSchemaValidators.ts) and turns ajv's errors into diagnostics a person
 * understands, placed on the exact YAML node: the key for an unknown or missing property, the
 * value for a wrong value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../common/diagnosticCodes';
import { checkProjectId, describeIdProblem } from '../../common/projectId';
import projectSchema from '../../schemas/project.schema.json';
import * as compiled from './generated/projectSchemaValidators';
import { nearest } from './nearest';
import { LineIndex, MapNode, pairOf, ScalarNode, TreeNode } from './yamlTree';

type Schema = { title?: string; type?: string; properties?: Record<string, Schema>; enum?: string[]; maxLength?: number; required?: string[] };

/** Top-level keys whose lists are checked entry by entry (and split into pieces by the segmenter). */
export const COLLECTION_KEYS = ['members', 'roles'] as const;
export type CollectionKey = (typeof COLLECTION_KEYS)[number];
export function isCollectionKey(key: string | null): key is CollectionKey {
  return key === 'members' || key === 'roles';
}

const validators: Record<CollectionKey, ValidateFunction> = { members: compiled.member, roles: compiled.role };
/** The root without its lists' entries, which are checked one by one. */
const validateShell = compiled.shell;

export const rootSchema: Schema = projectSchema as Schema;

/** Where a diagnostic lands: a node of a parsed unit. */
export interface Located {
  lines: LineIndex;
  node: TreeNode | null;
  /** The key of the pair that holds `node`, if any. */
  key?: ScalarNode;
  /** Added to every line: where the unit starts, when absolute ranges are wanted. */
  lineBase?: number;
}

export function rangeOf(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.position(start), end: lines.position(end) };
}

export function diagnostic(range: Range, severity: DiagnosticSeverity, code: DiagnosticCode, message: string, data: Record<string, unknown> = {}): Diagnostic {
  return { range, severity, code, source: DIAGNOSTIC_SOURCE, message, data: { code, ...data } };
}

/** Checks one entry of `members` or `roles`; `node` is the entry's tree in the unit `lines` belong to. */
export function checkEntry(collection: CollectionKey, value: unknown, node: TreeNode, lines: LineIndex): Diagnostic[] {
  const validate = validators[collection];
  if (validate(value)) return [];
  return mapErrors(validate.errors ?? [], (path) => locate(node, path, lines), (path, key) => {
    const at = locate(node, path, lines).node;
    return at?.kind === 'map' && unresolvedKey(at, key);
  });
}

/**
 * Whether `key` of `map` is missing only because an alias resolves to nothing — written with an
 * alias as its value, or possibly brought in by a merge of one. That alias is reported itself;
 * "missing" would send the reader after the wrong problem.
 */
export function unresolvedKey(map: MapNode, key: string): boolean {
  const unresolved = (n: TreeNode | null): boolean => !!n && ((n.kind === 'scalar' && !!n.alias && !n.alias.resolved) || (n.kind === 'seq' && n.items.some(unresolved)));
  for (const p of map.pairs) if ((p.keyText === key || p.keyText === '<<') && unresolved(p.value)) return true;
  return false;
}

/** Checks the root; `resolve` finds the node of a top-level key. Lists stand in as placeholders. */
export function checkShell(shell: Record<string, unknown>, resolve: (path: string[]) => Located, unresolved: (path: string[], key: string) => boolean): Diagnostic[] {
  if (validateShell(shell)) return [];
  return mapErrors(validateShell.errors ?? [], resolve, unresolved);
}

/** Follows a JSON pointer's segments into a tree; stops at the deepest node that exists. */
export function locate(root: TreeNode | null, path: string[], lines: LineIndex): Located {
  let node = root;
  let key: ScalarNode | undefined;
  for (const seg of path) {
    if (!node) break;
    if (node.kind === 'map') {
      const pair = pairOf(node, seg);
      if (!pair) break;
      key = pair.key;
      node = pair.value;
      if (!node) return { lines, node: null, key };
    } else if (node.kind === 'seq') {
      const item = node.items[Number(seg)];
      if (!item) break;
      key = undefined;
      node = item;
    } else break;
  }
  return { lines, node, key };
}

function nodeRange(at: Located): Range {
  const r = unitNodeRange(at);
  const base = at.lineBase ?? 0;
  return base ? { start: { line: r.start.line + base, character: r.start.character }, end: { line: r.end.line + base, character: r.end.character } } : r;
}

function unitNodeRange(at: Located): Range {
  const n = at.node;
  // An empty value has no width of its own: point at its key.
  if ((!n || n.end <= n.start) && at.key) return rangeOf(at.lines, at.key.start, at.key.end);
  if (!n) return rangeOf(at.lines, 0, 0);
  if (n.kind === 'map') {
    const first = n.pairs[0]?.key;
    if (first) return rangeOf(at.lines, first.start, first.end);
  }
  return rangeOf(at.lines, n.start, n.kind === 'scalar' ? n.end : Math.min(n.end, lineEndOf(at, n.start)));
}

function lineEndOf(at: Located, offset: number): number {
  const p = at.lines.position(offset);
  return at.lines.offset(p.line + 1, 0) - 1;
}

function pathOf(e: ErrorObject): string[] {
  return e.instancePath === '' ? [] : e.instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const TYPE_WORDS: Record<string, string> = { string: 'text', array: 'a list', object: 'a mapping of keys to values', number: 'a number', integer: 'a whole number', boolean: 'true or false' };

export function describeValue(v: unknown): string {
  if (v === null || v === undefined) return 'nothing (the value is empty)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `'${v.length > 40 ? `${v.slice(0, 37)}...` : v}'`;
  if (typeof v === 'number' && !Number.isFinite(v)) {
    // YAML's words for these (.inf, .nan) are what the file says; JavaScript's are not.
    const written = Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
    return `${written}, which YAML reads as ${Number.isNaN(v) ? 'not-a-number' : v > 0 ? 'infinity' : 'minus infinity'} (quote it to make it text)`;
  }
  return `${typeof v === 'number' ? 'the number' : 'the value'} ${String(v)} (quote it to make it text)`;
}

function article(title: string): string {
  return /^[aeiou]/i.test(title) ? `an ${title}` : `a ${title}`;
}

function mapErrors(errors: ErrorObject[], resolve: (path: string[]) => Located, unresolved: (path: string[], key: string) => boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (d: Diagnostic) => {
    const k = `${d.range.start.line}:${d.range.start.character}:${d.code}`;
    if (!seen.has(k)) {
      seen.add(k);
      out.push(d);
    }
  };
  /** The range of `key` inside the mapping at `path`, or of the mapping itself. */
  const keyRange = (path: string[], key: string): Range => {
    const at = resolve([...path, key]);
    return at.key ? nodeRange({ ...at, node: at.key, key: undefined }) : nodeRange(resolve(path));
  };
  for (const e of errors) {
    if (e.schemaPath.includes('/oneOf/')) continue; // explained by the oneOf error itself
    const path = pathOf(e);
    const at = resolve(path);
    const parent = (e.parentSchema ?? {}) as Schema;
    const title = parent.title ?? 'This value';
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = Object.keys(parent.properties ?? {});
        const suggestions = nearest(key, allowed);
        const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
        const message =
          title === 'Permissions'
            ? `'${key}' is not a project resource type.${hint} Resource types: ${allowed.join(', ')}.`
            : `Unknown key '${key}' ${title === rootSchema.title ? 'at the top level of the project file' : `in this ${lowerTitle(title)}`}.${hint} Allowed keys: ${allowed.filter((k) => k !== '$schema').join(', ')}.`;
        push(diagnostic(keyRange(path, key), DiagnosticSeverity.Error, DiagnosticCode.unknownKey, message, { key, suggestions, allowed }));
        break;
      }
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        if (unresolved(path, missing)) break;
        const childTitle = parent.properties?.[missing]?.title;
        // "(Role)" after 'role' says nothing; "(Project ID)" after 'id' does.
        const named = childTitle && childTitle.toLowerCase() !== missing.toLowerCase() ? childTitle : undefined;
        const what = title === rootSchema.title ? 'The project' : `This ${lowerTitle(title)}`;
        const example = missing === 'id' ? (title === rootSchema.title ? 'id: my-project' : 'id: my-role') : missing === 'role' ? 'role: viewer' : `${missing}: ...`;
        push(
          diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.missingKey, `${what} has no '${missing}'${named ? ` (${named})` : ''}. Add \`${example}\`.`, {
            key: missing,
            path,
          }),
        );
        break;
      }
      case 'oneOf': {
        const v = e.data as Record<string, unknown> | undefined;
        const both = v && typeof v === 'object' && 'user' in v && 'team' in v;
        const range = both ? keyRange(path, 'team') : nodeRange(at);
        const message = both
          ? 'A member names either a user or a team, not both. Split it into two members.'
          : "A member needs a 'user' (e-mail or username) or a 'team'.";
        push(diagnostic(range, DiagnosticSeverity.Error, DiagnosticCode.memberSubject, message, { both: !!both }));
        break;
      }
      case 'type': {
        const expected = String((e.params as { type: string }).type);
        push(
          diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.wrongType, `${title} must be ${TYPE_WORDS[expected] ?? expected}; found ${describeValue(e.data)}.`, {
            expected,
          }),
        );
        break;
      }
      case 'pattern':
      case 'minLength':
      case 'maxLength': {
        const value = String(e.data);
        if (title === 'Project ID' || title === 'Role ID') {
          const problem = checkProjectId(value);
          if (!problem) break;
          const code = title === 'Project ID' ? DiagnosticCode.invalidProjectId : DiagnosticCode.invalidRoleId;
          push(diagnostic(nodeRange(at), DiagnosticSeverity.Error, code, describeIdProblem(title, value, problem), { value, problem: problem.kind }));
        } else if (e.keyword === 'maxLength') {
          const limit = (e.params as { limit: number }).limit;
          push(
            diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.tooLong, `${title} may be at most ${limit} characters long; this one has ${value.length}.`, {
              limit,
              length: value.length,
            }),
          );
        } else if (e.keyword === 'minLength') {
          push(diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.wrongType, `${title} must not be empty.`, {}));
        }
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: string[] }).allowedValues;
        const value = String(e.data);
        const suggestions = nearest(value, allowed);
        const hint = suggestions.length ? ` Did you mean '${suggestions[0]}'?` : '';
        push(
          diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.invalidValue, `'${value}' is not ${article(lowerTitle(title))}.${hint} Use one of: ${allowed.join(', ')}.`, {
            value,
            suggestions,
            allowed,
          }),
        );
        break;
      }
      case 'uniqueItems': {
        const { i, j } = e.params as { i: number; j: number };
        const later = Math.max(i, j);
        const list = e.data as unknown[];
        const itemAt = resolve([...path, String(later)]);
        push(
          diagnostic(nodeRange(itemAt), DiagnosticSeverity.Error, DiagnosticCode.invalidValue, `'${String(list[later])}' is listed twice in ${lowerTitle(title)}; list each only once.`, {
            value: list[later],
            duplicate: true,
          }),
        );
        break;
      }
      default:
        push(diagnostic(nodeRange(at), DiagnosticSeverity.Error, DiagnosticCode.schema, `${title}: ${e.message ?? 'invalid value'}.`, { keyword: e.keyword }));
    }
  }
  return out;
}

function lowerTitle(title: string): string {
  // "Custom role" → "custom role", but keep names like "Project ID" readable.
  return /^[A-Z][a-z]+( [a-z]+)*$/.test(title) ? title.toLowerCase() : title;
}
