/** Plans for project files: each file checked first (errors refuse), then compared with the workspace. */
import { parse } from 'yaml';
import type { ZenmlApi } from '../../common/api/zenmlApi';
import { Plan, planProject } from '../../core/sync/plan';
import { ProjectSpec, specFromValue } from '../../core/sync/projectSpec';
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
  const errors = target.doc.diagnostics().filter((d) => d.severity === 1);
  if (errors.length) {
    const lines = errors.map((d) => `  ${target.shown}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
    throw new InvalidProjectFileError(`${target.shown} has errors; fix them before planning:\n${lines.join('\n')}`);
  }
  return specFromValue(parse(target.doc.text, { merge: true }));
}

export async function planFile(api: ZenmlApi, target: ProjectFileTarget): Promise<FilePlan> {
  const spec = specOf(target);
  const state = await readWorkspaceState(api, spec.id);
  return { target, spec, state, plan: planProject(spec, state) };
}
