/**
 * Completion inside a project file, worked out from the lines around the cursor (see
 * cursorContext.ts) and the schema, never from a re-parse of the whole file: keys at every level
 * (with snippets for whole entries), roles, resource types and actions, and users, teams and
 * workspaces already named in the workspace's project files.
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, InsertTextMode, MarkupKind, Range } from 'vscode-languageserver-types';
import { deriveProjectId } from '../../../common/projectId';
import { DEFAULT_ROLES, ROLE_ACTIONS } from '../../../common/roles';
import { cursorContext, CursorContext, lineShape, lineText } from '../../../core/engine/cursorContext';
import { ProjectDocument, Position } from '../../../core/engine/projectDocument';
import { documentationOf, schemaAt, SchemaNode } from '../../../core/engine/schemaPaths';
import { customRoleMarkdown, defaultRoleMarkdown } from './roleDocs';
import { NO_WORKSPACE, WorkspaceFacts } from './workspaceFacts';

const ROLE_CHOICE = `\${2|${DEFAULT_ROLES.map((r) => r.id).join(',')}|}`;

/** Snippets for a whole new list entry, relative to the dash's column. */
const ENTRY_SNIPPETS: Record<string, { label: string; detail: string; body: string }[]> = {
  members: [
    { label: 'user member', detail: 'A user and the role they hold', body: `- user: \${1:name@example.com}\n  role: ${ROLE_CHOICE}` },
    { label: 'team member', detail: 'A team and the role its members hold', body: `- team: \${1:team-name}\n  role: ${ROLE_CHOICE}` },
  ],
  roles: [
    {
      label: 'custom role',
      detail: 'A custom project role with permissions',
      body: '- id: ${1:role-id}\n  description: ${2:What the role is for}\n  permissions:\n    ${3:artifact}: [${4:read}]',
    },
  ],
};

export function complete(doc: ProjectDocument, position: Position, workspace: WorkspaceFacts = NO_WORKSPACE): CompletionItem[] {
  const ctx = cursorContext(doc, position);
  const range: Range = { start: { line: position.line, character: ctx.partialStart }, end: position };
  if (ctx.kind === 'value') return valueItems(doc, ctx, range, workspace);
  if (ctx.kind === 'item') return entryItems(ctx.path, range, false);
  const schema = schemaAt(ctx.path);
  if (schema?.type === 'array') return entryItems(ctx.path, range, ctx.lineHasDash);
  const items = keyItems(doc, ctx, schema, range, position);
  // At the start of a list entry (`- `), whole-entry snippets help too.
  if (ctx.lineHasDash && ctx.partial === '' && ctx.path[ctx.path.length - 1] === '[]') items.push(...entryItems(ctx.path.slice(0, -1), range, true));
  return items;
}

function keyItems(doc: ProjectDocument, ctx: CursorContext, schema: SchemaNode | undefined, range: Range, position: Position): CompletionItem[] {
  if (!schema?.properties) return [];
  const present = presentKeys(doc, ctx, position);
  const items: CompletionItem[] = [];
  let order = 0;
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (present.has(key) || key === '$schema') continue;
    const docText = documentationOf(prop);
    const item: CompletionItem = {
      label: key,
      kind: CompletionItemKind.Property,
      detail: prop.title,
      documentation: docText ? { kind: MarkupKind.Markdown, value: docText } : undefined,
      sortText: String(order++).padStart(3, '0'),
      textEdit: { range, newText: `${key}: ` },
      insertTextFormat: InsertTextFormat.PlainText,
    };
    const value = schemaAt([...ctx.path, key]);
    const entry = ENTRY_SNIPPETS[key]?.[0];
    if (value?.type === 'array' && entry) {
      item.textEdit = { range, newText: `${key}:\n  ${entry.body.replace(/\n/g, '\n  ')}` };
      item.insertTextFormat = InsertTextFormat.Snippet;
      item.insertTextMode = InsertTextMode.adjustIndentation;
    } else if (value?.type === 'object') {
      item.textEdit = { range, newText: `${key}:\n  ` };
      item.insertTextMode = InsertTextMode.adjustIndentation;
    } else if (value?.type === 'array') {
      item.textEdit = { range, newText: `${key}: [$1]` };
      item.insertTextFormat = InsertTextFormat.Snippet;
    }
    items.push(item);
  }
  return items;
}

function entryItems(listPath: string[], range: Range, lineHasDash: boolean): CompletionItem[] {
  const key = listPath[listPath.length - 1];
  const snippets = ENTRY_SNIPPETS[key];
  const items = schemaAt([...listPath, '[]']);
  if (snippets) {
    return snippets.map((s, i) => ({
      label: s.label,
      kind: CompletionItemKind.Snippet,
      detail: s.detail,
      sortText: `0${i}`,
      // After `- ` the dash is already there.
      textEdit: { range, newText: lineHasDash ? s.body.slice(2).replace(/\n {2}/g, '\n  ') : s.body },
      insertTextFormat: InsertTextFormat.Snippet,
      insertTextMode: InsertTextMode.adjustIndentation,
    }));
  }
  if (items?.enum) return enumItems(items, range, lineHasDash ? '' : '- ');
  return [];
}

function enumItems(schema: SchemaNode, range: Range, prefix = ''): CompletionItem[] {
  return (schema.enum ?? []).map((v, i) => ({
    label: v,
    kind: CompletionItemKind.EnumMember,
    sortText: String(i).padStart(3, '0'),
    documentation: schema.markdownEnumDescriptions?.[i] ? { kind: MarkupKind.Markdown, value: schema.markdownEnumDescriptions[i] } : undefined,
    textEdit: { range, newText: `${prefix}${v}` },
  }));
}

function valueItems(doc: ProjectDocument, ctx: CursorContext, range: Range, workspace: WorkspaceFacts): CompletionItem[] {
  const key = ctx.key!;
  const inMember = ctx.path[0] === 'members' && ctx.path[1] === '[]' && ctx.path.length === 2;
  if (inMember && key === 'role') return roleItems(doc, range);
  if (inMember && (key === 'user' || key === 'team')) {
    return workspace.subjects(key).map((s, i) => ({ label: s, kind: CompletionItemKind.Reference, detail: key === 'user' ? 'User in the workspace\'s project files' : 'Team in the workspace\'s project files', sortText: String(i).padStart(5, '0'), textEdit: { range, newText: s } }));
  }
  if (ctx.path.length === 0 && key === 'workspace') {
    return workspace.workspaces().map((w) => ({ label: w, kind: CompletionItemKind.Module, textEdit: { range, newText: w } }));
  }
  if (ctx.path.length === 0 && key === 'id') {
    const name = doc.facts().top('name')?.top.value;
    const slug = typeof name === 'string' ? deriveProjectId(name) : '';
    return slug ? [{ label: slug, kind: CompletionItemKind.Value, detail: 'Project ID derived from the name, as ZenML does', textEdit: { range, newText: slug } }] : [];
  }
  const schema = schemaAt([...ctx.path, key]);
  if (schema?.type === 'array' && schema.items?.enum) {
    if (ctx.inFlowList) return enumItems(schema.items, range);
    return [
      { label: '[read]', kind: CompletionItemKind.Value, detail: 'Read only', textEdit: { range, newText: '[read]' }, sortText: '0' },
      { label: '[create, read]', kind: CompletionItemKind.Value, detail: 'Create and read', textEdit: { range, newText: '[create, read]' }, sortText: '1' },
      { label: `[${ROLE_ACTIONS.join(', ')}]`, kind: CompletionItemKind.Value, detail: 'Every action', textEdit: { range, newText: `[${ROLE_ACTIONS.join(', ')}]` }, sortText: '2' },
    ];
  }
  if (schema?.enum) return enumItems(schema, range);
  return [];
}

function roleItems(doc: ProjectDocument, range: Range): CompletionItem[] {
  const items: CompletionItem[] = DEFAULT_ROLES.map((r, i) => ({
    label: r.id,
    kind: CompletionItemKind.EnumMember,
    detail: r.zenmlName,
    sortText: `0${i}`,
    documentation: { kind: MarkupKind.Markdown, value: defaultRoleMarkdown(r.id)! },
    textEdit: { range, newText: r.id },
  }));
  const facts = doc.facts();
  for (const [id, refs] of facts.roleDefs.entries()) {
    const value = refs[0]?.entry.value as { description?: string; permissions?: Record<string, unknown> } | undefined;
    items.push({
      label: id,
      kind: CompletionItemKind.Class,
      detail: 'Custom role',
      sortText: `1${id}`,
      documentation: { kind: MarkupKind.Markdown, value: customRoleMarkdown(id, value?.description, value?.permissions) },
      textEdit: { range, newText: id },
    });
  }
  return items;
}

/** Keys the mapping at the cursor already has: its lines at the same column, up and down. */
function presentKeys(doc: ProjectDocument, ctx: CursorContext, position: Position): Set<string> {
  if (ctx.path.length === 0) return new Set(doc.facts().keys.keys());
  const present = new Set<string>();
  const col = ctx.column;
  const scan = (from: number, step: 1 | -1) => {
    for (let line = from; line >= 0 && line < doc.lineCount; line += step) {
      const s = lineShape(lineText(doc, line));
      if (s.blank || s.content > col || (s.dash >= 0 && s.keyColumn > col)) continue;
      // Going down, the next entry's `- ` line belongs to another mapping.
      if (step === 1 && s.dash >= 0) break;
      if (s.keyColumn === col && s.key !== undefined) present.add(s.key);
      // Going up, the entry's first line (`- key:`) or a line left of the mapping ends it.
      if (s.content < col || s.dash >= 0) break;
    }
  };
  // A line that starts with `- ` starts its entry: nothing above belongs to it.
  if (!ctx.lineHasDash) scan(position.line - 1, -1);
  scan(position.line + 1, 1);
  return present;
}
