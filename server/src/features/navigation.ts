/**
 * Document symbols, folding ranges, and go to definition / find references / rename for custom
 * roles (a member's `role: data-reviewer` and the role's `id: data-reviewer`).
 */
import { DocumentSymbol, FoldingRange, Location, Range, SymbolKind, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { checkProjectId, describeIdProblem } from '../../../common/projectId';
import { defaultRole, shadowedDefaultRole } from '../../../common/roles';
import { nodeRange } from '../../../core/engine/projectChecks';
import { ProjectDocument, Position } from '../../../core/engine/projectDocument';
import { AnalysedSegment } from '../../../core/engine/projectIndex';
import { isMemberRole, isRoleDefinition, tokenAt } from './tokenAt';

/** The end of a segment's last line that is not blank or a comment. */
function contentEnd(seg: AnalysedSegment): Position {
  const lines = seg.analysis.unit.text.split('\n');
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lines[i].replace(/\r$/, '');
    if (t.trim() !== '' && !t.trim().startsWith('#')) return { line: seg.startLine + i, character: t.length };
  }
  return { line: seg.startLine, character: 0 };
}

function lastContentLine(seg: AnalysedSegment): number {
  return contentEnd(seg).line;
}

export function documentSymbols(doc: ProjectDocument): DocumentSymbol[] {
  const segs = doc.orderedSegments();
  const symbols: DocumentSymbol[] = [];
  const groups = new Map<string, DocumentSymbol>();
  for (const seg of segs) {
    for (const top of seg.analysis.pairs) {
      const key = top.pair.keyText;
      const keyRange = nodeRange(seg, top.pair.key);
      const end = top.pair.value ? nodeRange(seg, top.pair.value).end : keyRange.end;
      const full: Range = { start: keyRange.start, end: doc.parsedWhole ? end : contentEnd(seg) };
      const kind = key === 'id' ? SymbolKind.Module : key === 'members' || key === 'roles' ? SymbolKind.Namespace : SymbolKind.Property;
      const detail = typeof top.value === 'string' ? top.value : undefined;
      const sym: DocumentSymbol = { name: key, detail, kind, range: full, selectionRange: keyRange, children: [] };
      if (key === 'members' || key === 'roles') groups.set(key, sym);
      symbols.push(sym);
    }
    for (const entry of seg.analysis.entries) {
      const group = groups.get(entry.collection);
      if (!group) continue;
      const range = nodeRange(seg, entry.node);
      if (entry.collection === 'members') {
        const m = entry.member;
        const sel = m?.subjectNode ? nodeRange(seg, m.subjectNode) : range;
        group.children!.push({ name: m?.subject ?? '(member)', detail: [m?.subjectKind, m?.role].filter(Boolean).join(' · '), kind: m?.subjectKind === 'team' ? SymbolKind.Struct : SymbolKind.Field, range, selectionRange: sel });
      } else {
        const r = entry.role;
        group.children!.push({ name: r?.id ?? '(role)', detail: 'custom role', kind: SymbolKind.Class, range, selectionRange: r?.idNode ? nodeRange(seg, r.idNode) : range });
      }
      if (range.end.line > group.range.end.line) group.range = { start: group.range.start, end: range.end };
    }
  }
  return symbols;
}

export function foldingRanges(doc: ProjectDocument): FoldingRange[] {
  const out: FoldingRange[] = [];
  const fold = (startLine: number, endLine: number) => {
    if (endLine > startLine) out.push({ startLine, endLine });
  };
  if (doc.parsedWhole) {
    const seg = doc.orderedSegments()[0];
    for (const top of seg.analysis.pairs) if (top.pair.value) fold(nodeRange(seg, top.pair.key).start.line, nodeRange(seg, top.pair.value).end.line);
    for (const entry of seg.analysis.entries) {
      const r = nodeRange(seg, entry.node);
      fold(r.start.line, r.end.line);
    }
    return out;
  }
  // A top-level key folds over its own lines and the list entries that follow it.
  let top: { start: number; end: number } | undefined;
  for (const seg of doc.orderedSegments()) {
    const last = lastContentLine(seg);
    if (seg.kind === 'key') {
      if (top) fold(top.start, top.end);
      top = { start: seg.startLine, end: last };
    } else if (seg.kind === 'item') {
      if (top) top.end = Math.max(top.end, last);
      fold(seg.startLine, last);
    }
  }
  if (top) fold(top.start, top.end);
  return out;
}

/** Every place a custom role ID stands: its definitions, then the members that hold it. */
function roleLocations(doc: ProjectDocument, id: string): { definitions: Range[]; uses: Range[] } {
  const facts = doc.facts();
  const definitions = facts.roleDefs.refs(id).map((r) => nodeRange(r.seg, r.entry.role!.idNode!));
  const uses = facts.roleRefs.refs(id).map((r) => nodeRange(r.seg, r.entry.member!.roleNode!));
  const byPosition = (a: Range, b: Range) => a.start.line - b.start.line || a.start.character - b.start.character;
  return { definitions: definitions.sort(byPosition), uses: uses.sort(byPosition) };
}

function customRoleAt(doc: ProjectDocument, position: Position): { id: string; range: Range } | undefined {
  const t = tokenAt(doc, position);
  if (!t || !(isMemberRole(t) || isRoleDefinition(t))) return undefined;
  if (!doc.facts().roleDefs.has(t.text)) return undefined;
  return { id: t.text, range: t.range };
}

export function definition(doc: ProjectDocument, uri: string, position: Position): Location[] {
  const role = customRoleAt(doc, position);
  if (!role) return [];
  return roleLocations(doc, role.id).definitions.map((range) => ({ uri, range }));
}

export function references(doc: ProjectDocument, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const role = customRoleAt(doc, position);
  if (!role) return [];
  const { definitions, uses } = roleLocations(doc, role.id);
  return [...(includeDeclaration ? definitions : []), ...uses].map((range) => ({ uri, range }));
}

export function prepareRename(doc: ProjectDocument, position: Position): { range: Range; placeholder: string } | undefined {
  const role = customRoleAt(doc, position);
  return role ? { range: role.range, placeholder: role.id } : undefined;
}

/** Renames a custom role everywhere in the file; throws an Error with a sentence when the name is not allowed. */
export function rename(doc: ProjectDocument, uri: string, position: Position, newName: string): WorkspaceEdit | undefined {
  const role = customRoleAt(doc, position);
  if (!role) return undefined;
  const problem = checkProjectId(newName);
  if (problem) throw new Error(describeIdProblem('Role ID', newName, problem));
  const shadow = shadowedDefaultRole(newName) ?? defaultRole(newName);
  if (shadow) throw new Error(`'${newName}' names the default role ${shadow.zenmlName}; choose a name of the custom role's own.`);
  if (newName !== role.id && doc.facts().roleDefs.has(newName)) throw new Error(`A custom role '${newName}' already exists in this file.`);
  const { definitions, uses } = roleLocations(doc, role.id);
  const edits: TextEdit[] = [...definitions, ...uses].map((range) => ({ range, newText: newName }));
  return { changes: { [uri]: edits } };
}
