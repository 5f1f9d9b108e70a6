/**
 * Quick fixes built from each diagnostic's `data` (no second validation), and "fix all" for
 * the fixes that are certain: an invalid ID becomes ZenML's slug of it, a misspelt role, key or
 * action becomes the one nearest name, a duplicate member is removed, an invisible character is
 * removed or becomes a space.
 */
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { DiagnosticCode, DIAGNOSTIC_SOURCE, SUPPRESSIBLE_CODES, TEACHING_CODES } from '../../../common/diagnosticCodes';
import type { CheckOptions } from '../../../core/engine/checkOptions';
import { checkProjectId, deriveProjectId } from '../../../common/projectId';
import { lineShape, lineText } from '../../../core/engine/cursorContext';
import { nodeRange, suppressionComments } from '../../../core/engine/projectChecks';
import { ProjectDocument } from '../../../core/engine/projectDocument';
import { subjectKey } from '../../../core/engine/projectIndex';
import { DISABLE_FILE, DISABLE_NEXT_LINE } from '../../../core/engine/suppressions';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.zenml-projects`;

interface Fix {
  title: string;
  edits: TextEdit[];
  /** Certain enough to apply without asking ("fix all"). */
  preferred: boolean;
}

type Data = Record<string, unknown> & { code?: string };

/** Codes whose fixes live in teachingFixes. */
const TEACHING = new Set<string>([...TEACHING_CODES, DiagnosticCode.invalidSuppression]);

/** The fixes of one diagnostic; those that edit around it need the project file's document. */
function fixesFor(doc: ProjectDocument | undefined, d: Diagnostic): Fix[] {
  const data = (d.data ?? {}) as Data;
  if (!doc) {
    const uuid = typeof data.uuid === 'string' ? data.uuid : undefined;
    return d.code === DiagnosticCode.activeProjectNotUuid && uuid ? [{ title: `Replace with the UUID of '${String(data.name)}'`, edits: [{ range: d.range, newText: uuid }], preferred: true }] : [];
  }
  if (TEACHING.has(String(d.code))) return teachingFixes(doc, d);
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
      return [{ title: 'Add an admin member', edits: [addAdmin(doc)], preferred: false }, ...teachingFixes(doc, d)];
    case DiagnosticCode.missingDescription:
      return [{ title: 'Add a description', edits: [addDescription(doc, d)], preferred: false }, ...teachingFixes(doc, d)];
    case DiagnosticCode.unusedRole:
      return teachingFixes(doc, d);
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

/** The fixes of the teaching checks, then "disable for this line / file" for any advice. */
function teachingFixes(doc: ProjectDocument, d: Diagnostic): Fix[] {
  const data = (d.data ?? {}) as Data;
  const role = String(data.role ?? '');
  const fixes: Fix[] = [];
  switch (d.code) {
    case DiagnosticCode.roleEqualsDefault:
    case DiagnosticCode.redundantRole: {
      const to = d.code === DiagnosticCode.roleEqualsDefault ? String(data.defaultRole ?? '') : data.reason === 'same-as' ? String(data.sameAs ?? '') : '';
      const holders = doc.facts().roleRefs.count(role);
      const edits = to ? replaceRole(doc, role, to) : holders === 0 ? [] : undefined;
      const removal = removeRole(doc, role);
      if (edits && removal) {
        const title = to ? `Give ${holders === 1 ? 'its member' : `its ${holders} members`} '${to}' and remove '${role}'` : `Remove the custom role '${role}'`;
        fixes.push({ title: holders === 0 && to ? `Remove '${role}' (use '${to}')` : title, edits: [...edits, removal], preferred: false });
      }
      break;
    }
    case DiagnosticCode.roleWithoutDescription: {
      const edit = addRoleDescription(doc, d.range, !!data.hasKey);
      if (edit) fixes.push({ title: `Describe the custom role '${role}'`, edits: [edit], preferred: false });
      break;
    }
    case DiagnosticCode.singleAdmin:
      fixes.push({ title: 'Add an admin team', edits: [appendMember(doc, 'team: project-admins', 'admin')], preferred: false });
      break;
    case DiagnosticCode.invalidSuppression: {
      const suggestions = Array.isArray(data.suggestions) ? (data.suggestions as string[]) : [];
      suggestions.forEach((s, i) => fixes.push({ title: `Change to '${s}'`, edits: [{ range: d.range, newText: s }], preferred: i === 0 && suggestions.length === 1 }));
      break;
    }
  }
  const code = String(d.code);
  if ((SUPPRESSIBLE_CODES as readonly string[]).includes(code)) {
    const line = d.range.start.line;
    const indent = /^\s*/.exec(lineText(doc, line))![0];
    fixes.push({ title: `Disable ${code} for this line`, edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# ${DISABLE_NEXT_LINE} ${code}\n` }], preferred: false });
    const existing = suppressionComments(doc.facts()).find((c) => c.kind === 'file' && c.codes.length);
    const edit: TextEdit = existing
      ? { range: { start: { line: existing.line, character: existing.end }, end: { line: existing.line, character: existing.end } }, newText: `, ${code}` }
      : { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: `# ${DISABLE_FILE} ${code}\n` };
    fixes.push({ title: `Disable ${code} for this file`, edits: [edit], preferred: false });
  }
  return fixes;
}

/** The text of a range of the document. */
function textAt(doc: ProjectDocument, r: Range): string {
  return doc.text.slice(doc.offsetAt(r.start), doc.offsetAt(r.end));
}

/** Edits that give every member holding `from` the role `to`; undefined when one comes from a merge key. */
function replaceRole(doc: ProjectDocument, from: string, to: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const ref of doc.facts().roleRefs.refs(from)) {
    const range = nodeRange(ref.seg, ref.entry.member!.roleNode!);
    if (textAt(doc, range).replace(/^(["'])(.*)\1$/, '$2') !== from) return undefined;
    edits.push({ range, newText: to });
  }
  return edits;
}

/** Deletes a custom role's entry (its lines), and `roles:` with it when it was the only one. */
function removeRole(doc: ProjectDocument, role: string): TextEdit | undefined {
  const refs = doc.facts().roleDefs.refs(role);
  if (refs.length !== 1) return undefined;
  const entry = nodeRange(refs[0].seg, refs[0].entry.node);
  if (!/^\s*-\s/.test(lineText(doc, entry.start.line))) return undefined;
  let start = entry.start.line;
  let roleEntries = 0;
  for (const seg of doc.orderedSegments()) for (const e of seg.analysis.entries) if (e.collection === 'roles') roleEntries++;
  const roles = doc.facts().top('roles');
  if (roleEntries === 1 && roles) {
    const keyLine = nodeRange(roles.seg, roles.top.pair.key).start.line;
    if (/^roles\s*:\s*(#.*)?$/.test(lineText(doc, keyLine))) start = keyLine;
  }
  const endLine = entry.end.character === 0 ? entry.end.line : entry.end.line + 1;
  return { range: { start: { line: start, character: 0 }, end: { line: endLine, character: 0 } }, newText: '' };
}

/** Adds (or fills) `description:` of the custom role whose `id` value is at `idRange`. */
function addRoleDescription(doc: ProjectDocument, idRange: Range, hasKey: boolean): TextEdit | undefined {
  const line = lineText(doc, idRange.start.line);
  const m = /^(\s*(?:-\s+)?)id\s*:/.exec(line);
  if (!m) return undefined;
  const text = 'Describe who holds this role and why';
  if (hasKey) {
    for (let l = idRange.start.line + 1; l < doc.lineCount; l++) {
      const t = lineText(doc, l);
      const dm = /^(\s*)description\s*:/.exec(t);
      if (dm && dm[1].length === m[1].length) return { range: { start: { line: l, character: 0 }, end: { line: l, character: t.length } }, newText: `${dm[1]}description: ${text}` };
      if (t.trim() && /^\s*/.exec(t)![0].length < m[1].length) break;
    }
    return undefined;
  }
  return insertAfter(doc, idRange.start.line, `${' '.repeat(m[1].length)}description: ${text}\n`);
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
  return appendMember(doc, 'user: admin@example.com', 'admin');
}

/** A member (`subject` is `user: …` or `team: …`) at the end of `members` (or a new `members`). */
function appendMember(doc: ProjectDocument, subject: string, role: string): TextEdit {
  const facts = doc.facts();
  const members = facts.top('members');
  const last = lastEntry(doc, 'members');
  if (members && last) {
    const shape = lineShape(lineText(doc, last.start.line));
    const indent = ' '.repeat(shape.dash >= 0 ? shape.dash : Math.max(0, last.start.character - 2));
    return insertAfter(doc, last.end.line, `${indent}- ${subject}\n${indent}  role: ${role}\n`);
  }
  if (members && members.top.value === null) {
    const line = nodeRange(members.seg, members.top.pair.key).start.line;
    return insertAfter(doc, line, `  - ${subject}\n    role: ${role}\n`);
  }
  return { range: endOf(doc), newText: `${doc.text.endsWith('\n') || doc.text === '' ? '' : '\n'}members:\n  - ${subject}\n    role: ${role}\n` };
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
export function codeActions(doc: ProjectDocument | undefined, uri: string, diagnostics: Diagnostic[], only?: string[], options?: CheckOptions): CodeAction[] {
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
  const all = doc && fixAll(doc, uri, options);
  if (all && (wantsFixAll || (wantsQuickFix && actions.length))) {
    if (wantsQuickFix && actions.length) actions.push({ ...all, kind: CodeActionKind.QuickFix });
    if (wantsFixAll) actions.push(all);
  }
  return actions;
}

/** Every certain fix in the file at once; overlapping edits keep the first. */
export function fixAll(doc: ProjectDocument, uri: string, options?: CheckOptions): CodeAction | undefined {
  const edits: TextEdit[] = [];
  let count = 0;
  for (const d of doc.diagnostics(uri, options)) {
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
