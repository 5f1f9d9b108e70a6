/** Plans for project files: each file checked first (errors refuse), then compared with the workspace. */
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { Plan, planProject } from '../../core/sync/plan';
import { readProjectFile } from '../../core/projectFile/projectFile';
import type { ProjectSpec } from '../../core/sync/projectSpec';
import { readWorkspaceState, WorkspaceState } from '../../core/sync/workspaceState';
import { ProjectFileTarget } from './projectFileTargets';

export interface FilePlan {
  target: ProjectFileTarget;
  spec: ProjectSpec;
  state: WorkspaceState;
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

export async function planFile(api: ZenmlApi, target: ProjectFileTarget): Promise<FilePlan> {
  const spec = specOf(target);
  const state = await readWorkspaceState(api, spec.id);
  return { target, spec, state, plan: planProject(spec, state) };
}
