/** Plans and apply results as text a person reads, and as JSON for scripts. */
import { ApplyResult } from './applyPlan';
import { Change, countChanges, Plan } from './plan';

function permissionsText(p: Record<string, string[]>): string {
  const parts = Object.entries(p).map(([t, a]) => `${t}: ${a.join(', ')}`);
  return parts.length ? parts.join('; ') : 'no permissions';
}

function who(c: { subject: { kind: string; display: string } }): string {
  return `${c.subject.kind} ${c.subject.display}`;
}

export function describeChange(c: Change): string {
  switch (c.kind) {
    case 'create-project':
      return `+ create project ${c.name} ("${c.displayName}")`;
    case 'update-project':
      return `~ ${c.field === 'display_name' ? 'name' : 'description'}: "${c.from}" → "${c.to}"`;
    case 'create-role':
      return `+ create role ${c.role.id} as '${c.workspaceName}' (${permissionsText(c.role.permissions)})`;
    case 'update-role':
      return `~ role ${c.role.id}: ${permissionsText(c.from.permissions)} → ${permissionsText(c.role.permissions)}${c.from.description !== c.role.description ? `; description "${c.from.description}" → "${c.role.description}"` : ''}`;
    case 'delete-role':
      return `- delete role ${c.role} ('${c.workspaceName}'), no longer declared`;
    case 'add-member':
      return `+ add ${who(c)} as ${c.role}`;
    case 'change-role':
      return `~ ${who(c)}: ${c.from.join(', ')} → ${c.to}`;
    case 'remove-member':
      return `- remove ${who(c)} (${c.roles.join(', ')})${c.creator ? ': made admin as the project’s creator, not in project.yaml' : ''}`;
  }
}

export function formatPlan(plan: Plan, file?: string): string {
  const lines = [`Project '${plan.projectId}'${file ? ` (${file})` : ''} on ${plan.url}:`];
  for (const c of plan.changes) lines.push(`  ${describeChange(c)}`);
  for (const p of plan.problems) lines.push(`  ! ${p}`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  const n = countChanges(plan);
  if (!plan.changes.length && !plan.problems.length) lines.push('  In sync: nothing to change.');
  else if (plan.changes.length) lines.push(`  ${n.add} to add, ${n.change} to change, ${n.remove} to remove.`);
  return lines.join('\n');
}

export function formatApplyResult(r: ApplyResult): string {
  const lines: string[] = [];
  for (const c of r.applied) lines.push(`  ✓ ${describeChange(c)}`);
  if (r.failed) lines.push(`  ✗ ${describeChange(r.failed.change)}\n    ${r.failed.error}`);
  for (const c of r.notApplied) lines.push(`  · not applied: ${describeChange(c)}`);
  lines.push(r.failed ? `Stopped at the first failure: ${r.applied.length} applied, 1 failed, ${r.notApplied.length} not applied.` : `Applied ${r.applied.length} change${r.applied.length === 1 ? '' : 's'}.`);
  return lines.join('\n');
}

export function planJson(plan: Plan, file?: string): unknown {
  return { file, project: plan.projectId, workspace: plan.url, changes: plan.changes.map((c) => ({ ...c, summary: describeChange(c) })), problems: plan.problems, notes: plan.notes };
}
