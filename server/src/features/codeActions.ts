/**
 * Quick fixes built from each diagnostic's `data` (no second validation), and "fix all" for
 * the fixes that are certain: an invalid ID becomes ZenML's slug of it, a misspelt role, key or
 * action becomes the one nearest name, a duplicate member is removed, an invisible character is
 * removed or becomes a space.
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { DiagnosticCode, DIAGNOSTIC_SOURCE } from '../../../common/diagnosticCodes';
import { checkProjectId, deriveProjectId } from '../../../common/projectId';
import { lineShape, lineText } from '../../../core/engine/cursorContext';
import { nodeRange } from '../../../core/engine/projectChecks';
import { ProjectDocument } from '../../../core/engine/projectDocument';
import { subjectKey } from '../../../core/engine/projectIndex';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.zenml-projects`;

interface Fix {
  title: string;
  edits: TextEdit[];
  /** Certain enough to apply without asking ("fix all"). */
  preferred: boolean;
}

type Data = Record<string, unknown> & { code?: string };

/** The fixes of one diagnostic; those that edit around it need the project file's document. */
function fixesFor(doc: ProjectDocument | undefined, d: Diagnostic): Fix[] {
  const data = (d.data ?? {}) as Data;
  if (!doc) {
    const uuid = typeof data.uuid === 'string' ? data.uuid : undefined;
    return d.code === DiagnosticCode.activeProjectNotUuid && uuid ? [{ title: `Replace with the UUID of '${String(data.name)}'`, edits: [{ range: d.range, newText: uuid }], preferred: true }] : [];
  }
  const suggestions = Array.isArray(data.suggestions) ? (data.suggestions as string[]) : [];
  const replace = (title: string, text: string, preferred: boolean): Fix => ({ title, edits: [{ range: d.range, newText: text }], preferred });
  switch (d.code) {
    case DiagnosticCode.invalidProjectId:
    case DiagnosticCode.invalidRoleId: {
      const slug = deriveProjectId(String(data.value ?? ''));
      if (!slug || checkProjectId(slug)) return [];
      const what = d.code === DiagnosticCode.invalidProjectId ? 'Project ID' : 'Role ID';
      return [replace(`Change ${what} to '${slug}'`, slug, true)];
    }
    case DiagnosticCode.unknownRole: {
      const fixes = suggestions.map((s, i) => replace(`Change role to '${s}'`, s, i === 0 && suggestions.length === 1));
      const role = String(data.role ?? '');
      if (role && !checkProjectId(role)) fixes.push({ title: `Define custom role '${role}'`, edits: [defineRole(doc, role)], preferred: false });
      return fixes;
    }
    case DiagnosticCode.unknownKey:
    case DiagnosticCode.invalidValue:
      if (data.duplicate) return [{ title: `Remove the repeated '${String(data.value)}'`, edits: [removeListElement(doc, d.range)], preferred: true }];
      return suggestions.map((s, i) => replace(d.code === DiagnosticCode.unknownKey ? `Rename key to '${s}'` : `Change to '${s}'`, s, i === 0 && suggestions.length === 1));
    case DiagnosticCode.duplicateMember: {
      const edit = removeMember(doc, d.range, String(data.subjectKind ?? ''), String(data.subject ?? ''));
      return edit ? [{ title: `Remove the duplicate member '${String(data.subject)}'`, edits: [edit], preferred: true }] : [];
    }
    case DiagnosticCode.noAdmin:
      return [{ title: 'Add an admin member', edits: [addAdmin(doc)], preferred: false }];
    case DiagnosticCode.missingDescription:
      return [{ title: 'Add a description', edits: [addDescription(doc, d)], preferred: false }];
    case DiagnosticCode.invisibleCharacter: {
      const what = `${String(data.codePoint)} ${String(data.name)}`;
      return [data.replacement === ' ' ? replace(`Replace ${what} with a space`, ' ', true) : replace(`Remove ${what}`, '', true)];
    }
    case DiagnosticCode.roleShadowsDefault: {
      const name = `${String(data.role)}-custom`.toLowerCase();
      return checkProjectId(name) ? [] : [replace(`Rename the custom role to '${name}'`, name, false)];
    }
    default:
      return [];
  }
}

/** Inserts whole lines after `line`, also when it is the file's last line without a line break. */
function insertAfter(doc: ProjectDocument, line: number, lines: string): TextEdit {
  if (line + 1 < doc.lineCount) return { range: { start: { line: line + 1, character: 0 }, end: { line: line + 1, character: 0 } }, newText: lines };
  const end = { line, character: lineText(doc, line).length };
  return { range: { start: end, end }, newText: `\n${lines.replace(/\n$/, '')}` };
}

/** The range of the last entry of a list, searching segments from the end (lists usually end the file). */
function lastEntry(doc: ProjectDocument, collection: 'members' | 'roles'): Range | undefined {
  const segs = doc.orderedSegments();
  for (let i = segs.length - 1; i >= 0; i--) {
    const entries = segs[i].analysis.entries.filter((e) => e.collection === collection);
    if (entries.length) return nodeRange(segs[i], entries[entries.length - 1].node);
  }
  return undefined;
}

/** Appends a custom role to `roles` (creating the key at the end of the file if needed). */
function defineRole(doc: ProjectDocument, role: string): TextEdit {
  const facts = doc.facts();
  const roles = facts.top('roles');
  const last = lastEntry(doc, 'roles');
  if (last) {
    const shape = lineShape(lineText(doc, last.start.line));
    const indent = ' '.repeat(shape.dash >= 0 ? shape.dash : Math.max(0, last.start.character - 2));
    return insertAfter(doc, last.end.line, `${indent}- id: ${role}\n${indent}  description: \n`);
  }
  if (roles && roles.top.value === null) {
    const line = nodeRange(roles.seg, roles.top.pair.key).start.line;
    return insertAfter(doc, line, `  - id: ${role}\n    description: \n`);
  }
  return { range: endOf(doc), newText: `${doc.text.endsWith('\n') || doc.text === '' ? '' : '\n'}roles:\n  - id: ${role}\n    description: \n` };
}

function endOf(doc: ProjectDocument): Range {
  const lines = doc.lineCount;
  const last = lineText(doc, lines - 1);
  const p = { line: lines - 1, character: last.length };
  return { start: p, end: p };
}

/** Deletes the whole entry of a duplicate member (its lines), found through the index. */
function removeMember(doc: ProjectDocument, at: Range, kind: string, subject: string): TextEdit | undefined {
  const refs = doc.facts().subjects.refs(subjectKey(kind as 'user' | 'team', subject));
  for (const ref of refs) {
    const m = ref.entry.member!;
    const r = nodeRange(ref.seg, m.subjectNode!);
    if (r.start.line !== at.start.line || r.start.character !== at.start.character) continue;
    const entry = nodeRange(ref.seg, ref.entry.node);
    const first = lineText(doc, entry.start.line);
    // Only a block entry (`- user: ...` on lines of its own) can be removed line by line.
    if (!/^\s*-\s/.test(first)) return undefined;
    return { range: { start: { line: entry.start.line, character: 0 }, end: { line: entry.end.line + 1, character: 0 } }, newText: '' };
  }
  return undefined;
}

/** Removes one element of a flow list (`[read, read]`) with its separator. */
function removeListElement(doc: ProjectDocument, at: Range): TextEdit {
  const text = lineText(doc, at.start.line);
  let start = at.start.character;
  const end = at.end.character;
  const before = text.slice(0, start);
  const m = /,\s*$/.exec(before);
  if (m) start -= m[0].length;
  return { range: { start: { line: at.start.line, character: start }, end: { line: at.end.line, character: end } }, newText: '' };
}

/** A member skeleton with the admin role, at the end of `members` (or a new `members`). */
function addAdmin(doc: ProjectDocument): TextEdit {
  const facts = doc.facts();
  const members = facts.top('members');
  const last = lastEntry(doc, 'members');
  if (members && last) {
    const shape = lineShape(lineText(doc, last.start.line));
    const indent = ' '.repeat(shape.dash >= 0 ? shape.dash : Math.max(0, last.start.character - 2));
    return insertAfter(doc, last.end.line, `${indent}- user: admin@example.com\n${indent}  role: admin\n`);
  }
  if (members && members.top.value === null) {
    const line = nodeRange(members.seg, members.top.pair.key).start.line;
    return insertAfter(doc, line, '  - user: admin@example.com\n    role: admin\n');
  }
  return { range: endOf(doc), newText: `${doc.text.endsWith('\n') || doc.text === '' ? '' : '\n'}members:\n  - user: admin@example.com\n    role: admin\n` };
}

function addDescription(doc: ProjectDocument, d: Diagnostic): TextEdit {
  const facts = doc.facts();
  const existing = facts.top('description');
  if (existing) {
    const r = nodeRange(existing.seg, existing.top.pair.key);
    return { range: { start: r.start, end: { line: r.start.line, character: lineText(doc, r.start.line).length } }, newText: 'description: Describe what this project is for' };
  }
  const after = facts.top('name') ?? facts.top('id');
  const line = after ? nodeRange(after.seg, after.top.pair.key).start.line : d.range.start.line;
  return insertAfter(doc, line, 'description: Describe what this project is for\n');
}

function ours(d: Diagnostic): boolean {
  return d.source === DIAGNOSTIC_SOURCE;
}

/**
 * The code actions for `diagnostics` (those the editor sends for the range), plus fix-all.
 * Without a project document (a ZenML config file) only the fixes that need none are offered.
 */
export function codeActions(doc: ProjectDocument | undefined, uri: string, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
  // Asked for everything, "fix all" comes once, with the quick fixes; as a source action only on request.
  const wantsFixAll = !!only && only.some((k) => FIX_ALL_KIND.startsWith(k) || k === CodeActionKind.Source);
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const actions: CodeAction[] = [];
  if (wantsQuickFix) {
    for (const d of diagnostics.filter(ours)) {
      for (const f of fixesFor(doc, d)) {
        actions.push({ title: f.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: f.preferred, edit: { changes: { [uri]: f.edits } } });
      }
    }
  }
  const all = doc && fixAll(doc, uri);
  if (all && (wantsFixAll || (wantsQuickFix && actions.length))) {
    if (wantsQuickFix && actions.length) actions.push({ ...all, kind: CodeActionKind.QuickFix });
    if (wantsFixAll) actions.push(all);
  }
  return actions;
}

/** Every certain fix in the file at once; overlapping edits keep the first. */
export function fixAll(doc: ProjectDocument, uri: string): CodeAction | undefined {
  const edits: TextEdit[] = [];
  let count = 0;
  for (const d of doc.diagnostics(uri)) {
    const fix = fixesFor(doc, d).find((f) => f.preferred);
    if (!fix) continue;
    if (fix.edits.some((e) => edits.some((x) => overlaps(x.range, e.range)))) continue;
    edits.push(...fix.edits);
    count++;
  }
  if (count < 1) return undefined;
  return { title: `Fix all auto-fixable problems in this file (${count})`, kind: FIX_ALL_KIND, edit: { changes: { [uri]: edits } } };
}

function before(a: { line: number; character: number }, b: { line: number; character: number }): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  return before(a.start, b.end) && before(b.start, a.end);
}
