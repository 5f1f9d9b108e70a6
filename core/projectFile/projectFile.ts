/**
 * What a project file declares: the one function that turns a checked document into the
 * ProjectSpec that plan, apply, drift and the access report work on, with where each part of it
 * is written (so a difference from the workspace can be shown at its line) — or, when the engine
 * finds errors in it, those errors (the same checks as the Problems panel and `zenml-projects
 * validate`). The language server answers the editor with it; the CLI calls it directly.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import { ProjectDocument } from '../engine/projectDocument';
import type { FileError, Place, ProjectFileLayout, ProjectFileReading } from '../sync/projectFileReading';
import { specFromValue } from '../sync/projectSpec';

export type { FileError, Place, ProjectFileLayout, ProjectFileReading };

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

/**
 * Reads a project file: its errors (diagnostics of severity Error, in document order), or its
 * spec (merge keys `<<` expanded) and layout. `doc` may be one the caller keeps up to date
 * incrementally (the language server's); it is not changed.
 */
export function readProjectFile(doc: ProjectDocument): ProjectFileReading {
  const errors = doc.diagnostics().filter((d) => d.severity === 1);
  if (errors.length) {
    return {
      ok: false,
      errors: errors.map((d) => ({ line: d.range.start.line, character: d.range.start.character, code: String(d.code ?? ''), message: typeof d.message === 'string' ? d.message : d.message.value })),
    };
  }
  const lines = new LineCounter();
  const parsed = parseDocument(doc.text, { merge: true, lineCounter: lines });
  const spec = specFromValue(parsed.toJS());
  const root = parsed.contents as YAMLMap;
  const zero: Place = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const keyPlace = (key: string) => placeOf(pairOf(root, key)?.key, lines);
  const layout: ProjectFileLayout = {
    id: keyPlace('id') ?? zero,
    name: keyPlace('name'),
    description: keyPlace('description'),
    workspace: keyPlace('workspace'),
    membersKey: keyPlace('members'),
    members: [],
    roles: {},
  };

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
      if (isScalar(id) && place) layout.roles[String(id.value)] = place;
    }
  }
  return { ok: true, spec, layout };
}

/** readProjectFile of a text. */
export function readProjectFileText(text: string): ProjectFileReading {
  return readProjectFile(new ProjectDocument(text));
}
