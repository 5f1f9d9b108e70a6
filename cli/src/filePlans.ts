/**
 * Plans for project files: each file checked first (errors refuse), routed to the workspace its
 * `workspace:` names, then compared with it; and the plans grouped by workspace for output.
 */
import { ZenmlApiError } from '../../common/api/apiError';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import type { PlanGroup } from '../../core/sync/formatPlan';
import { Plan, planProject } from '../../core/sync/plan';
import { readProjectFile } from '../../core/projectFile/projectFile';
import type { ProjectSpec } from '../../core/sync/projectSpec';
import { readWorkspaceState, WorkspaceState, namedUsersOf } from '../../core/sync/workspaceState';
import { workspaceDisplayName } from '../../core/sync/workspaceTarget';
import { ProjectFileTarget } from './projectFileTargets';
import { Connections, Route, routeFile } from './workspaceRouting';

export interface FilePlan {
  target: ProjectFileTarget;
  spec: ProjectSpec;
  route: Route;
  /** Undefined when the workspace could not be read (the plan's problems say why). */
  state?: WorkspaceState;
  plan: Plan;
}

export class InvalidProjectFileError extends Error {}

export function specOf(target: ProjectFileTarget): ProjectSpec {
  const reading = readProjectFile(target.doc);
  if (!reading.ok) {
    const lines = reading.errors.map((e) => `  ${target.shown}:${e.line + 1}:${e.character + 1}: ${e.code} ${e.message}`);
    throw new InvalidProjectFileError(`${target.shown} has errors; fix them before planning:\n${lines.join('\n')}`);
  }
  return reading.spec;
}

/** A plan that could not be made: no changes, the reason as its problem. */
function failedPlan(spec: ProjectSpec, url: string, problem: string): Plan {
  return { projectId: spec.id, url, target: spec.workspace, changes: [], problems: [problem], notes: [] };
}

/** Where each file goes, with its spec: files with errors refuse the whole run. */
export async function routeTargets(connections: Connections, targets: readonly ProjectFileTarget[]): Promise<{ target: ProjectFileTarget; spec: ProjectSpec; route: Route }[]> {
  const specs = targets.map((target) => ({ target, spec: specOf(target) }));
  return Promise.all(specs.map(async (s) => ({ ...s, route: await routeFile(connections, s.spec.workspace, s.target.shown) })));
}

/** The key that tells one workspace's files from another's. */
export function groupKey(route: Route): string {
  return route.ok ? `ok ${route.identity.serverId} ${route.connection.url}` : `x ${route.workspace} ${route.url ?? ''} ${route.unavailable}`;
}

/**
 * A project ID defined by two files of one workspace would have both applied to one project:
 * each of them gets a problem naming the other (files of different workspaces may share IDs).
 */
function duplicateProblems(routed: readonly { target: ProjectFileTarget; spec: ProjectSpec; route: Route }[]): Map<ProjectFileTarget, string> {
  const seen = new Map<string, ProjectFileTarget[]>();
  for (const r of routed) {
    if (!r.route.ok) continue;
    const key = `${groupKey(r.route)}\u0000${r.spec.id}`;
    seen.set(key, [...(seen.get(key) ?? []), r.target]);
  }
  const problems = new Map<ProjectFileTarget, string>();
  for (const files of seen.values()) {
    if (files.length < 2) continue;
    for (const f of files) problems.set(f, `Project ID defined again by ${files.filter((o) => o !== f).map((o) => o.shown).join(', ')} for the same workspace: one project, one file (duplicate-project-id). Nothing of either is applied.`);
  }
  return problems;
}

async function planOne(api: ZenmlApi, target: ProjectFileTarget, spec: ProjectSpec): Promise<{ state: WorkspaceState; plan: Plan }> {
  const state = await readWorkspaceState(api, spec.id, undefined, namedUsersOf(spec));
  return { state, plan: planProject(spec, state, target.shown) };
}

/** Routes and plans every file; a workspace that fails spoils only its own files' plans. */
export async function planTargets(connections: Connections, targets: readonly ProjectFileTarget[]): Promise<FilePlan[]> {
  const routed = await routeTargets(connections, targets);
  const duplicates = duplicateProblems(routed);
  return Promise.all(
    routed.map(async ({ target, spec, route }): Promise<FilePlan> => {
      if (!route.ok) return { target, spec, route, plan: failedPlan(spec, route.url ?? '', route.error) };
      const duplicate = duplicates.get(target);
      if (duplicate) return { target, spec, route, plan: { ...failedPlan(spec, route.connection.url, duplicate), workspace: route.identity } };
      try {
        return { target, spec, route, ...(await planOne(route.api, target, spec)) };
      } catch (e) {
        if (!(e instanceof ZenmlApiError)) throw e;
        return { target, spec, route, plan: { ...failedPlan(spec, route.connection.url, e.message), workspace: route.identity } };
      }
    }),
  );
}

/** Groups items by workspace, in the order the workspaces first appear. */
export function byWorkspace<T extends { route: Route }>(items: readonly T[]): { workspace: string; url?: string; unavailable?: string; items: T[] }[] {
  const groups = new Map<string, { workspace: string; url?: string; unavailable?: string; items: T[] }>();
  for (const item of items) {
    const r = item.route;
    const key = groupKey(r);
    const group = groups.get(key) ?? (r.ok ? { workspace: workspaceDisplayName(r.identity), url: r.connection.url, items: [] } : { workspace: r.workspace, url: r.url, unavailable: r.unavailable, items: [] });
    group.items.push(item);
    groups.set(key, group);
  }
  return [...groups.values()];
}

export function planGroups(plans: readonly FilePlan[]): PlanGroup[] {
  return byWorkspace(plans).map((g) => ({ workspace: g.workspace, url: g.url, unavailable: g.unavailable, plans: g.items.map((p) => ({ plan: p.plan, file: p.target.shown })) }));
}
