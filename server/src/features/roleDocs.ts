/** Markdown that explains a role: what a default role may and may not do, or a custom role's grants. */
import { DEFAULT_ROLES, defaultRole } from '../../../common/roles';

export function defaultRoleMarkdown(id: string): string | undefined {
  const r = defaultRole(id);
  if (!r) return undefined;
  const mayNot = r.mayNot.length ? `\n\n**May not:** ${r.mayNot.join('; ')}.` : '';
  return `**${r.zenmlName}** (\`${r.id}\`) — ${r.summary}\n\n**May:** ${r.may.join('; ')}.${mayNot}`;
}

export function customRoleMarkdown(id: string, description: string | undefined, permissions: Record<string, unknown> | undefined): string {
  const rows = Object.entries(permissions ?? {}).map(([type, actions]) => `| \`${type}\` | ${Array.isArray(actions) ? actions.join(', ') : ''} |`);
  const table = rows.length ? `\n\n| resource type | actions |\n|---|---|\n${rows.join('\n')}` : '\n\nGrants no permissions yet.';
  return `**Custom role** \`${id}\`${description ? ` — ${description}` : ''}${table}`;
}

export const ROLE_TABLE = DEFAULT_ROLES.map((r) => `- \`${r.id}\` — ${r.zenmlName}: ${r.summary}`).join('\n');
