/**
 * A project file's text as plan, apply, the access report and the drift features read it: refused
 * while the language engine finds errors in it (the same checks as the Problems panel and
 * `zenml-projects plan`), else the ProjectSpec it declares and where each part of it is written,
 * so that a difference from the workspace can be shown at its line. Plain TypeScript, no VS Code.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { ProjectSpec, specFromValue } from '../../../core/sync/projectSpec';

type Engine = typeof import('../../../core/engine/projectDocument');
let engine: Engine | undefined;

/**
 * The language engine, loaded on first use: it compiles the project schema when loaded, which
 * would otherwise add a tenth of a second to every activation, project files open or not.
 */
function validateText(text: string): ReturnType<Engine['validateText']> {
  engine ??= require('../../../core/engine/projectDocument') as Engine;
  return engine.validateText(text);
}

/** A span of text, zero-based, on one line or several. */
export interface Place {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Where the parts of a spec are written. */
export interface ProjectFileLayout {
  /** The `id` key. */
  id: Place;
  name?: Place;
  description?: Place;
  /** The `members` key. */
  membersKey?: Place;
  /** The name (the `user` or `team` value) of each member, in the order of `spec.members`. */
  members: Place[];
  /** Each custom role's `id` value, by role ID. */
  roles: Map<string, Place>;
}

export interface FileError {
  line: number;
  character: number;
  code: string;
  message: string;
}

export type ProjectFileReading = { ok: true; spec: ProjectSpec; layout: ProjectFileLayout } | { ok: false; errors: FileError[] };

function placeOf(node: Node | undefined, lines: LineCounter): Place | undefined {
  const range = node?.range;
  if (!range) return undefined;
  const start = lines.linePos(range[0]);
  const end = lines.linePos(range[1]);
  return { start: { line: start.line - 1, character: start.col - 1 }, end: { line: end.line - 1, character: end.col - 1 } };
}

function pairOf(map: YAMLMap, key: string): Pair<Node, Node> | undefined {
  return map.items.find((p): p is Pair<Node, Node> => isPair(p) && isScalar(p.key) && p.key.value === key);
}

/** Reads a project file; a file the engine reports errors in yields those errors instead. */
export function readProjectFile(text: string): ProjectFileReading {
  const errors = validateText(text).filter((d) => d.severity === DiagnosticSeverity.Error);
  if (errors.length) {
    return {
      ok: false,
      errors: errors.map((d) => ({ line: d.range.start.line, character: d.range.start.character, code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : String(d.message) })),
    };
  }
  const lines = new LineCounter();
  // As the CLI reads it: merge keys (`<<`) expanded.
  const doc = parseDocument(text, { merge: true, lineCounter: lines });
  const spec = specFromValue(doc.toJS());
  const root = doc.contents as YAMLMap;
  const zero: Place = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const keyPlace = (key: string) => placeOf(pairOf(root, key)?.key, lines);
  const layout: ProjectFileLayout = { id: keyPlace('id') ?? zero, name: keyPlace('name'), description: keyPlace('description'), membersKey: keyPlace('members'), members: [], roles: new Map() };

  const members = pairOf(root, 'members')?.value;
  if (isSeq(members)) {
    for (const item of members.items) {
      const entry = isMap(item) ? (pairOf(item, 'user') ?? pairOf(item, 'team')) : undefined;
      layout.members.push(placeOf(entry?.value ?? (item as Node), lines) ?? layout.membersKey ?? layout.id);
    }
  }
  const roles = pairOf(root, 'roles')?.value;
  if (isSeq(roles)) {
    for (const item of roles.items) {
      const id = isMap(item) ? pairOf(item, 'id')?.value : undefined;
      const place = placeOf(id ?? (item as Node), lines);
      if (isScalar(id) && place) layout.roles.set(String(id.value), place);
    }
  }
  return { ok: true, spec, layout };
}

