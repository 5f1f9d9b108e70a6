/** Plans and apply results as text a person reads, and as JSON for scripts. */
import { plural } from '../../common/plural';
import { ApplyResult } from './applyPlan';
import { Change, countChanges, Plan } from './plan';
import { workspaceDisplayName } from './workspaceTarget';

function permissionsText(p: Record<string, string[]>): string {
  const parts = Object.entries(p).map(([t, a]) => `${t}: ${a.join(', ')}`);
  return parts.length ? parts.join('; ') : 'no permissions';
}

function who(c: { subject: { kind: string; display: string } }): string {
  return `${c.subject.kind} ${c.subject.display}`;
}

/**
 * Whether `plan` makes exactly the changes a person reviewed (as describeChange words them, in
 * order): then applying it needs no second confirmation. Any difference — the workspace or the
 * file moved since — means the plan they read is stale.
 */
export function planIsAsReviewed(plan: Plan, reviewed: readonly string[]): boolean {
  return plan.changes.length === reviewed.length && plan.changes.every((c, i) => describeChange(c) === reviewed[i]);
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

/** "workspace 'a' at http://…", or the URL alone when the plan never reached the server. */
function planWorkspace(plan: Plan): string {
  return plan.workspace ? `workspace '${workspaceDisplayName(plan.workspace)}' at ${plan.url}` : plan.url;
}

/**
 * A plan as text. `grouped`: printed under its workspace's heading (formatPlanGroups), so the
 * first line names the project and file only.
 */
export function formatPlan(plan: Plan, file?: string, grouped = false): string {
  const lines = [`Project '${plan.projectId}'${file ? ` (${file})` : ''}${grouped ? '' : ` on ${planWorkspace(plan)}`}:`];
  for (const c of plan.changes) lines.push(`  ${describeChange(c)}`);
  for (const p of plan.problems) lines.push(`  ! ${p}`);
  for (const n of plan.notes) lines.push(`  note: ${n}`);
  const n = countChanges(plan);
  if (!plan.changes.length && !plan.problems.length) lines.push('  In sync: nothing to change.');
  else if (plan.changes.length) lines.push(`  ${n.add} to add, ${n.change} to change, ${n.remove} to remove.`);
  return lines.join('\n');
}

/** The plans of one workspace, as a run over several workspaces prints them. */
export interface PlanGroup {
  /** The workspace's name: the server's own, else the name files and settings use for it. */
  workspace: string;
  url?: string;
  /** Why nothing could be compared with it (not configured, unreachable...). */
  unavailable?: string;
  plans: { plan: Plan; file: string }[];
}

function groupHeading(g: PlanGroup): string {
  return `Workspace '${g.workspace}'${g.url ? ` at ${g.url}` : ''}${g.unavailable ? ` (${g.unavailable})` : ''}`;
}

/** Plans grouped by workspace: a heading per workspace, then its projects. */
export function formatPlanGroups(groups: readonly PlanGroup[]): string {
  return groups.map((g) => [`${groupHeading(g)}:`, ...g.plans.map((p) => formatPlan(p.plan, p.file, true))].join('\n\n')).join('\n\n');
}

/** Text safe inside Markdown prose: no markup, no HTML, one line. */
export function markdownText(s: string): string {
  return s.replace(/\s+/g, ' ').replace(/[\\`*_{}[\]<>()#+!|~]/g, (c) => `\\${c}`);
}

/** A fenced block that no backtick run inside `body` can close early. */
function fenced(lang: string, body: string): string {
  const longest = Math.max(2, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${body}\n${fence}`;
}

/**
 * Plans as a pull-request comment: per workspace, per project, the changes as a `diff` block
 * (added green, removed red on GitHub and GitLab) and the problems as a list.
 */
export function planGroupsMarkdown(groups: readonly PlanGroup[]): string {
  const all = groups.flatMap((g) => g.plans.map((p) => p.plan));
  const total = all.reduce((t, p) => {
    const n = countChanges(p);
    return { add: t.add + n.add, change: t.change + n.change, remove: t.remove + n.remove };
  }, { add: 0, change: 0, remove: 0 });
  const problems = all.reduce((t, p) => t + p.problems.length, 0);
  const summary = problems
    ? `${plural(problems, 'problem')} to fix before applying`
    : total.add + total.change + total.remove
      ? `${total.add} to add, ${total.change} to change, ${total.remove} to remove`
      : 'everything in sync';
  const lines = [`## ZenML Projects plan: ${summary}`];
  for (const g of groups) {
    lines.push('', `### Workspace \`${markdownText(g.workspace).replace(/`/g, '')}\`${g.url ? ` · ${markdownText(g.url)}` : ''}${g.unavailable ? ` — ${markdownText(g.unavailable)}` : ''}`);
    for (const { plan, file } of g.plans) {
      lines.push('', `#### Project \`${plan.projectId}\` · ${markdownText(file)}`, '');
      if (plan.changes.length) {
        const n = countChanges(plan);
        lines.push(fenced('diff', plan.changes.map((c) => describeChange(c).replace(/^~/, '!')).join('\n')), '', `${n.add} to add, ${n.change} to change, ${n.remove} to remove.`);
      } else if (!plan.problems.length) lines.push('In sync: nothing to change.');
      if (plan.problems.length) lines.push('', '**Problems** (nothing is applied until they are fixed):', ...plan.problems.map((p) => `- ${markdownText(p)}`));
      if (plan.notes.length) lines.push('', ...plan.notes.map((note) => `> ${markdownText(note)}`));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function formatApplyResult(r: ApplyResult): string {
  const lines: string[] = [];
  for (const c of r.applied) lines.push(`  ✓ ${describeChange(c)}`);
  if (r.failed) lines.push(`  ✗ ${describeChange(r.failed.change)}\n    ${r.failed.error}`);
  for (const c of r.notApplied) lines.push(`  · not applied: ${describeChange(c)}`);
  lines.push(r.failed ? `Stopped at the first failure: ${r.applied.length} applied, 1 failed, ${r.notApplied.length} not applied.` : `Applied ${plural(r.applied.length, 'change')}.`);
  return lines.join('\n');
}

export function planJson(plan: Plan, file?: string): unknown {
  return { file, project: plan.projectId, workspace: plan.workspace ? workspaceDisplayName(plan.workspace) : plan.target, url: plan.url, changes: plan.changes.map((c) => ({ ...c, summary: describeChange(c) })), problems: plan.problems, notes: plan.notes };
}
