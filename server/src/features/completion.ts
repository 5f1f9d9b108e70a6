/**
 * Completion inside a project file, from the piece of the file around the cursor only (never a
 * re-parse of the whole file): role values — the default roles with what each may do, then the
 * file's custom roles.
 */
import { CompletionItem, CompletionItemKind, MarkupKind } from 'vscode-languageserver-types';
import { DEFAULT_ROLES } from '../../../common/roles';
import { ProjectDocument, Position } from '../engine/projectDocument';

export function complete(doc: ProjectDocument, position: Position): CompletionItem[] {
  const offset = doc.offsetAt(position);
  const lineStart = offset - position.character;
  const before = doc.text.slice(lineStart, offset);
  if (/^\s*(?:-\s+)?role:\s*[\w-]*$/.test(before)) return roleItems(doc);
  return [];
}

function roleItems(doc: ProjectDocument): CompletionItem[] {
  const items: CompletionItem[] = DEFAULT_ROLES.map((r, i) => ({
    label: r.id,
    kind: CompletionItemKind.EnumMember,
    detail: r.zenmlName,
    sortText: `0${i}`,
    documentation: {
      kind: MarkupKind.Markdown,
      value: `**${r.zenmlName}** — ${r.summary}\n\nMay: ${r.may.join('; ')}.${r.mayNot.length ? `\n\nMay not: ${r.mayNot.join('; ')}.` : ''}`,
    },
  }));
  for (const id of doc.customRoleIds()) {
    items.push({ label: id, kind: CompletionItemKind.Class, detail: 'Custom role (defined in this file)', sortText: `1${id}` });
  }
  return items;
}
