/** Hover texts: a key's schema description, what a role may do, where a project ID is used. */
import { Hover, MarkupKind } from 'vscode-languageserver-types';
import { ProjectDocument, Position } from '../../../core/engine/projectDocument';
import { documentationOf, schemaAt } from '../../../core/engine/schemaPaths';
import { customRoleMarkdown, defaultRoleMarkdown } from './roleDocs';
import { isMemberRole, isProjectId, isRoleDefinition, tokenAt } from './tokenAt';
import { NO_WORKSPACE, WorkspaceFacts } from './workspaceFacts';
import { displayName } from '../workspace/displayName';

const SOURCE_WORDS = { environment: 'the environment variable ZENML_ACTIVE_PROJECT_ID', repository: "the repository's .zen/config.yaml", global: 'the global ZenML config', none: '' };

export function hover(doc: ProjectDocument, position: Position, uri: string, workspace: WorkspaceFacts = NO_WORKSPACE): Hover | null {
  const t = tokenAt(doc, position);
  if (!t) return null;
  const md = (value: string): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: t.range });
  if (t.kind === 'key') {
    if (t.key.startsWith('x-') && t.path.length === 0) return md(documentationOf(schemaAt([])?.patternProperties?.['^x-']) ?? '');
    const docText = documentationOf(schemaAt([...t.path, t.key]));
    return docText ? md(docText) : null;
  }
  const facts = doc.facts();
  if (isMemberRole(t) || isRoleDefinition(t)) {
    const def = facts.roleDefs.refs(t.text)[0];
    if (def) {
      const v = def.entry.value as { description?: string; permissions?: Record<string, unknown> };
      const holders = facts.roleRefs.count(t.text);
      return md(`${customRoleMarkdown(t.text, v?.description, v?.permissions)}\n\nHeld by ${holders} member${holders === 1 ? '' : 's'} of this file.`);
    }
    const builtIn = defaultRoleMarkdown(t.text);
    return builtIn ? md(builtIn) : null;
  }
  if (isProjectId(t)) {
    const others = workspace.filesDefining(t.text).filter((u) => u !== uri);
    const active = workspace.activeFor(uri);
    const lines = [`**Project ID** \`${t.text}\` — ZenML's project \`name\`; \`zenml project set ${t.text}\` makes it the active project.`];
    lines.push(others.length ? `Also defined in: ${others.map((u) => `\`${displayName(u)}\``).join(', ')}.` : 'Defined in this file only.');
    if (active?.projectId === t.text) lines.push(`**Active project** (set in ${SOURCE_WORDS[active.source]}).`);
    else if (active?.value) lines.push(`Not the active project (that is \`${active.projectId ?? active.value}\`, from ${SOURCE_WORDS[active.source]}).`);
    else lines.push('No project is active in this folder.');
    return md(lines.join('\n\n'));
  }
  const schema = schemaAt([...t.path, t.key]);
  const items = schema?.items;
  const i = items?.enum?.indexOf(t.text) ?? -1;
  if (items && i >= 0 && items.markdownEnumDescriptions?.[i]) return md(items.markdownEnumDescriptions[i]);
  const docText = documentationOf(schema);
  return docText ? md(docText) : null;
}

