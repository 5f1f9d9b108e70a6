/**
 * Where a project file and the workspace disagree, line by line: the plan's changes (the one
 * comparison, made by common/projectSync/plan.ts) placed at the lines that declare what they
 * change — a member's role, a member the workspace does not know, a custom role's permissions,
 * the project's name or description — and members only the workspace has, at `members:`.
 */
import * as vscode from 'vscode';
import type { Change, Plan } from '../../../core/sync/plan';
import type { ProjectSpec } from '../../../core/sync/projectSpec';
import { findSubject, type WorkspaceState } from '../../../core/sync/workspaceState';
import type { Place, ProjectFileLayout } from '../../../core/sync/projectFileReading';

/** The diagnostic codes of drift (stable: people filter the Problems panel by them). */
export const DriftCode = {
  /** A member holds other roles in the workspace than the file gives them. */
  roleDrift: 'role-drift',
  /** The file names a user or team the workspace does not have. */
  memberNotInWorkspace: 'member-not-in-workspace',
  /** A member the file lists holds no role in the workspace's project yet. */
  memberNotGranted: 'member-not-granted',
  /** Someone holds a role in the workspace's project that the file does not list. */
  memberNotInFile: 'member-not-in-file',
  /** A custom role's permissions or description differ in the workspace, or it is missing there. */
  customRoleDrift: 'custom-role-drift',
  /** The project's name or description differ in the workspace. */
  projectFieldDrift: 'project-field-drift',
} as const;

export interface Finding {
  code: (typeof DriftCode)[keyof typeof DriftCode];
  message: string;
  place: Place;
}

function roles(list: readonly string[]): string {
  return list.join(', ');
}

function permissionsText(p: Record<string, string[]>): string {
  const parts = Object.entries(p).map(([t, a]) => `${t}: ${a.join(', ')}`);
  return parts.length ? parts.join('; ') : vscode.l10n.t('no permissions');
}

/** What differs, placed in the file. Nothing is said about a project the workspace does not have yet: the lens says it. */
export function driftFindings(spec: ProjectSpec, layout: ProjectFileLayout, state: WorkspaceState, plan: Plan): Finding[] {
  if (!state.project) return [];
  const found: Finding[] = [];
  const workspace = state.url;
  const changeOf = <K extends Change['kind']>(kind: K, match: (c: Extract<Change, { kind: K }>) => boolean) =>
    plan.changes.find((c): c is Extract<Change, { kind: K }> => c.kind === kind && match(c as Extract<Change, { kind: K }>));

  for (const c of plan.changes) {
    if (c.kind !== 'update-project') continue;
    const place = (c.field === 'display_name' ? layout.name : layout.description) ?? layout.id;
    found.push({
      code: DriftCode.projectFieldDrift,
      place,
      message:
        c.field === 'display_name'
          ? vscode.l10n.t('The workspace names this project "{0}", not "{1}".', c.from, c.to)
          : vscode.l10n.t('The workspace describes this project as "{0}", not "{1}".', c.from, c.to),
    });
  }

  for (const role of spec.roles) {
    const place = layout.roles[role.id];
    if (!place) continue;
    const created = changeOf('create-role', (c) => c.role.id === role.id);
    const updated = changeOf('update-role', (c) => c.role.id === role.id);
    if (created) found.push({ code: DriftCode.customRoleDrift, place, message: vscode.l10n.t("The workspace has no role '{0}' yet ('{1}').", role.id, created.workspaceName) });
    else if (updated) {
      const what =
        JSON.stringify(updated.from.permissions) !== JSON.stringify(role.permissions)
          ? vscode.l10n.t("The role '{0}' permits {1} in the workspace, not {2}.", role.id, permissionsText(updated.from.permissions), permissionsText(role.permissions))
          : vscode.l10n.t("The role '{0}' is described as \"{1}\" in the workspace.", role.id, updated.from.description);
      found.push({ code: DriftCode.customRoleDrift, place, message: what });
    }
  }

  if (state.accessControl) {
    spec.members.forEach((m, i) => {
      const place = layout.members[i];
      if (!place) return;
      const subject = findSubject(state, m.kind, m.name);
      if (!subject) {
        found.push({
          code: DriftCode.memberNotInWorkspace,
          place,
          message:
            m.kind === 'user'
              ? vscode.l10n.t("The workspace at {0} has no user '{1}': invite them first, or fix the name.", workspace, m.name)
              : vscode.l10n.t("The workspace at {0} has no team '{1}': create it first, or fix the name.", workspace, m.name),
        });
        return;
      }
      const same = (s: { kind: string; id: string }) => s.kind === subject.kind && s.id === subject.id;
      const changed = changeOf('change-role', (c) => same(c.subject));
      if (changed) {
        found.push({ code: DriftCode.roleDrift, place, message: vscode.l10n.t('{0} holds {1} in the workspace, not {2}.', m.name, roles(changed.from), m.role) });
        return;
      }
      if (changeOf('add-member', (c) => same(c.subject))) {
        found.push({ code: DriftCode.memberNotGranted, place, message: vscode.l10n.t('{0} holds no role in this project in the workspace, not {1}.', m.name, m.role) });
      }
    });
    for (const c of plan.changes) {
      if (c.kind !== 'remove-member' || c.creator) continue;
      found.push({
        code: DriftCode.memberNotInFile,
        place: layout.membersKey ?? layout.id,
        message: vscode.l10n.t('{0} {1} holds {2} in the workspace but is not listed here.', c.subject.kind === 'user' ? vscode.l10n.t('The user') : vscode.l10n.t('The team'), c.subject.display, roles(c.roles)),
      });
    }
  }
  return found;
}
