/**
 * Create, Edit and Delete Project, Copy Project ID, Open project.yaml and Open in Dashboard: one
 * implementation each, called from the palette, a tree node's menu, the switcher or automation.
 * Each takes its answers as arguments when given them and asks for the rest; the workspace
 * decides what the user may do, and its refusal is shown as the API client's sentence.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showErrorMessage, showInformationMessage, showWarningMessage } from '../notify';
import type { Ctx } from '../ctx';
import type { Project } from '../../../common/api/types';
import type { ProjectFields } from '../../../common/api/zenmlApi';
import { checkProjectId, deriveProjectId, describeIdProblem, DESCRIPTION_MAX_LENGTH, DISPLAY_NAME_MAX_LENGTH } from '../../../common/projectId';
import { canonicalUuid } from '../../../common/zenml/projectUuid';
import { writeAtomically } from '../activeProject/zenConfigWriter';
import { renderProjectFile } from '../model/projectFile';
import { projectLabel } from '../views/treeNodes';
import { Dismissed, required, withProgress } from './commandSupport';
import { StepInput } from './stepInput';
import { makeActive, type SetActiveResult } from './setActiveProject';
import { asArgs, resolveFolder, resolveProject } from './targets';


export interface CreateProjectArgs {
  /** The Project Name (ZenML `display_name`). */
  displayName?: string;
  /** The Project ID (ZenML `name`); derived from the name when absent. */
  id?: string;
  description?: string;
  /** A folder (path or URI) to write a `project.yaml` for the new project into. */
  projectFileFolder?: string;
  /** Make it the active project (of `folder`, or the current one). */
  setActive?: boolean;
  folder?: string;
}

function checkLength(value: string, max: number, what: string): string | undefined {
  return value.length > max ? vscode.l10n.t('{0} may be at most {1} characters long; this has {2}.', what, max, value.length) : undefined;
}

function idProblem(id: string): string | undefined {
  const problem = checkProjectId(id);
  return problem ? describeIdProblem(vscode.l10n.t('Project ID'), id, problem) : undefined;
}

/** Refuses a value the workspace would refuse, before sending it. */
function validate(fields: ProjectFields): void {
  const problems = [
    fields.name !== undefined ? idProblem(fields.name) : undefined,
    fields.display_name !== undefined ? checkLength(fields.display_name, DISPLAY_NAME_MAX_LENGTH, vscode.l10n.t('Project Name')) : undefined,
    fields.description !== undefined ? checkLength(fields.description, DESCRIPTION_MAX_LENGTH, vscode.l10n.t('Description')) : undefined,
  ].filter((p): p is string => !!p);
  if (problems.length) throw new Error(problems.join(' '));
}

const NAME_PROMPT = () => vscode.l10n.t('Project Name: how the dashboard shows the project.');
const ID_PROMPT = () => vscode.l10n.t('Project ID: what the API, the CLI (`zenml project set <id>`) and project.yaml use. Lowercase letters, digits, - and _.');
const DESCRIPTION_PROMPT = () => vscode.l10n.t('Description (optional): what the project is for.');

function nameProblem(v: string): string | undefined {
  return v.trim() ? checkLength(v.trim(), DISPLAY_NAME_MAX_LENGTH, vscode.l10n.t('Project Name')) : vscode.l10n.t('Type a name.');
}

function descriptionProblem(v: string): string | undefined {
  return checkLength(v, DESCRIPTION_MAX_LENGTH, vscode.l10n.t('Description'));
}

/** Name, ID (prefilled as ZenML derives it, checked by ZenML's rules as it is typed) and description. */
async function askFields(title: string, current: { name?: string; id?: string; description?: string }): Promise<{ name: string; id: string; description: string }> {
  const input = new StepInput(title, 3);
  try {
    const name = (await input.ask({ prompt: NAME_PROMPT(), value: current.name, validate: nameProblem })).trim();
    const id = await input.ask({ prompt: ID_PROMPT(), value: current.id ?? deriveProjectId(name), validate: idProblem });
    const description = await input.ask({ prompt: DESCRIPTION_PROMPT(), value: current.description ?? '', validate: descriptionProblem });
    return { name, id, description };
  } finally {
    input.dispose();
  }
}

/** Asks for a folder to write a project.yaml into. */
async function askProjectFileFolder(): Promise<vscode.Uri> {
  const chosen = required(
    await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
      openLabel: vscode.l10n.t('Write project.yaml here'),
    }),
  );
  return chosen[0];
}

/** A folder given as a URI, an absolute path, or a path relative to the first workspace folder. */
function asUri(pathOrUri: string): vscode.Uri {
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(pathOrUri)) return vscode.Uri.parse(pathOrUri);
  const base = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return vscode.Uri.file(path.isAbsolute(pathOrUri) || !base ? pathOrUri : path.join(base, pathOrUri));
}

export interface CreateProjectResult {
  project: { uuid: string; id?: string; displayName: string };
  projectFile?: string;
  active?: SetActiveResult;
}

export async function createProject(ctx: Ctx, raw: unknown): Promise<CreateProjectResult> {
  const args = (raw && typeof raw === 'object' && !('kind' in raw) ? raw : {}) as CreateProjectArgs;
  const session = await ctx.sessions.require();
  const title = vscode.l10n.t('Create Project');
  const interactive = args.displayName === undefined && args.id === undefined;
  const asked = interactive ? await askFields(title, {}) : undefined;
  const displayName = asked?.name ?? (args.displayName ?? args.id ?? '').trim();
  const id = asked?.id ?? args.id ?? deriveProjectId(displayName);
  const description = asked?.description ?? args.description ?? '';
  const projectFileFolder = args.projectFileFolder;
  const fields: ProjectFields = { name: id, display_name: displayName || id, description };
  validate(fields);

  const project = await withProgress(vscode.l10n.t("Creating project '{0}'…", id), (signal) => session.api.createProject(fields, signal));
  session.remember(project);
  await ctx.uuids.put(project);
  ctx.tree.reload('workspace');
  const result: CreateProjectResult = { project: { uuid: project.id, id: project.name, displayName: projectLabel(project) } };

  if (projectFileFolder) {
    const file = await writeProjectFile(project, asUri(projectFileFolder), session.user.name, description);
    ctx.projectFiles.remember(file, project.name ?? id);
    result.projectFile = file.toString();
  }
  if (args.setActive) {
    const folder = await resolveFolder({ folder: args.folder });
    result.active = await makeActive(ctx, session, project, folder);
  } else {
    const setActive = vscode.l10n.t('Set as Active Project');
    const writeFile = vscode.l10n.t('Write project.yaml…');
    const offers = result.projectFile || !vscode.workspace.workspaceFolders?.length ? [setActive] : [setActive, writeFile];
    void showInformationMessage(vscode.l10n.t("Created the project '{0}' (ID {1}).", projectLabel(project), project.name ?? id), ...offers).then(async (choice) => {
      if (choice === setActive) void vscode.commands.executeCommand('zenmlProjects.setActiveProject', { project: project.id });
      if (choice === writeFile) {
        try {
          const file = await writeProjectFile(project, await askProjectFileFolder(), session.user.name, description);
          ctx.projectFiles.remember(file, project.name ?? id);
        } catch (e) {
          if (!(e instanceof Dismissed)) void showErrorMessage((e as Error).message);
        }
      }
    });
  }
  return result;
}

/** Writes `<folder>/project.yaml` (never over an existing file) and opens it. */
async function writeProjectFile(project: Project, folder: vscode.Uri, admin: string | undefined, description?: string): Promise<vscode.Uri> {
  const file = vscode.Uri.joinPath(folder, 'project.yaml');
  const exists = await vscode.workspace.fs.stat(file).then(
    () => true,
    () => false,
  );
  if (exists) {
    throw new Error(
      vscode.l10n.t("The project '{0}' was created, but {1} already exists and was left alone: choose another folder, or add the project to that file yourself.", project.name ?? project.id, file.fsPath),
    );
  }
  await vscode.workspace.fs.createDirectory(folder);
  const text = renderProjectFile({ id: project.name ?? project.id, name: projectLabel(project), description: (project.metadata as { description?: string } | null)?.description || description, admin });
  if (file.scheme === 'file') await writeAtomically(file.fsPath, text);
  else await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
  await vscode.window.showTextDocument(file, { preview: false });
  return file;
}

export interface EditProjectArgs {
  project?: string;
  displayName?: string;
  id?: string;
  description?: string;
}

export async function editProject(ctx: Ctx, arg: unknown): Promise<{ project: { uuid: string; id?: string; displayName: string }; changed: string[] }> {
  const { session, project: listed } = await resolveProject(ctx, arg, vscode.l10n.t('Edit Project'));
  const args = asArgs(arg) as EditProjectArgs;
  const interactive = args.displayName === undefined && args.id === undefined && args.description === undefined;
  // Lists may not carry the description: read the project as it is now.
  const project = interactive ? await session.reload(listed.id) : listed;
  const currentDescription = (project.metadata as { description?: string } | null | undefined)?.description ?? '';
  const title = vscode.l10n.t('Edit Project {0}', project.name ?? project.id);
  const fields: ProjectFields = {};
  if (interactive) {
    const asked = await askFields(title, { name: projectLabel(project), id: project.name ?? '', description: currentDescription });
    if (asked.name !== projectLabel(project)) fields.display_name = asked.name;
    if (asked.id !== project.name) fields.name = asked.id;
    if (asked.description !== currentDescription) fields.description = asked.description;
  } else {
    if (args.displayName !== undefined) fields.display_name = args.displayName;
    if (args.id !== undefined && args.id !== project.name) fields.name = args.id;
    if (args.description !== undefined) fields.description = args.description;
  }
  const changed = Object.keys(fields);
  if (!changed.length) {
    void showInformationMessage(vscode.l10n.t('Nothing changed.'));
    return { project: { uuid: project.id, id: project.name, displayName: projectLabel(project) }, changed };
  }
  validate(fields);
  const updated = await withProgress(vscode.l10n.t("Updating project '{0}'…", project.name ?? project.id), (signal) =>
    session.api.updateProject(project.id, fields, project.name, signal),
  );
  session.remember(updated);
  if (fields.name) await ctx.uuids.put(updated);
  ctx.tree.reload('workspace');
  let message = vscode.l10n.t("Updated the project '{0}'.", projectLabel(updated));
  if (fields.name && project.name && (await ctx.projectFiles.filesDefining(project.name)).length) {
    message += ' ' + vscode.l10n.t("Project files of this workspace still say id: {0}; change them to {1}.", project.name, fields.name);
  }
  void showInformationMessage(message);
  return { project: { uuid: updated.id, id: updated.name, displayName: projectLabel(updated) }, changed };
}

export async function deleteProject(ctx: Ctx, arg: unknown): Promise<{ deleted: { uuid: string; id?: string } }> {
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Delete Project'));
  const uuid = canonicalUuid(project.id) ?? project.id;
  // As `zenml project delete` does: the active project is not deleted from under the user.
  const activeIn = ctx.active.all.filter((i) => (i.uuid && canonicalUuid(i.uuid) === uuid) || (!i.uuid && i.projectId === project.name));
  if (activeIn.length) {
    const folders = activeIn.map((i) => vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === i.folderUri)?.name ?? i.folderUri);
    throw new Error(
      vscode.l10n.t("'{0}' is the active project of {1}: make another project active first. (ZenML's CLI refuses to delete the active project too.)", project.name ?? project.id, folders.join(', ')),
    );
  }
  const confirmed = (asArgs(arg) as { confirmed?: boolean }).confirmed === true;
  if (!confirmed) {
    const stats = await session.api.projectStatistics(project.id).catch(() => undefined);
    const what = stats ? vscode.l10n.t('It holds {0} pipelines and {1} runs, which are deleted with it.', stats.pipelines, stats.runs) : '';
    const yes = vscode.l10n.t('Delete');
    const choice = await showWarningMessage(
      vscode.l10n.t("Delete the project '{0}' (ID {1})?", projectLabel(project), project.name ?? project.id),
      { modal: true, detail: `${what} ${vscode.l10n.t('This cannot be undone.')}`.trim() },
      yes,
    );
    if (choice !== yes) throw new Dismissed();
  }
  await withProgress(vscode.l10n.t("Deleting project '{0}'…", project.name ?? project.id), (signal) =>
    // By ID, which every server accepts here, so that a refusal names the project as the user knows it.
    session.api.deleteProject(project.name ?? project.id, signal),
  );
  session.forget(project.id);
  await ctx.uuids.remove(project.id);
  await ctx.recent.remove(session.api.url, project.id);
  ctx.tree.reload('workspace');
  void showInformationMessage(vscode.l10n.t("Deleted the project '{0}'.", project.name ?? project.id));
  return { deleted: { uuid: project.id, id: project.name } };
}

export async function copyProjectId(ctx: Ctx, arg: unknown): Promise<string> {
  const { project } = await resolveProject(ctx, arg, vscode.l10n.t('Copy Project ID'));
  const id = project.name ?? project.id;
  await vscode.env.clipboard.writeText(id);
  void showInformationMessage(vscode.l10n.t("Copied the Project ID '{0}'.", id));
  return id;
}

/** Opens the workspace's project file that defines the project; says so when none does. */
export async function openProjectFile(ctx: Ctx, arg: unknown): Promise<string | undefined> {
  const { project } = await resolveProject(ctx, arg, vscode.l10n.t('Open project.yaml'));
  const id = project.name ?? project.id;
  const files = await ctx.projectFiles.filesDefining(id);
  if (!files.length) {
    void showInformationMessage(vscode.l10n.t("No project file of this workspace defines the project '{0}' (a project.yaml with id: {0}).", id));
    return undefined;
  }
  let file = files[0];
  if (files.length > 1) {
    const pick = required(
      await vscode.window.showQuickPick(
        files.map((f) => ({ label: vscode.workspace.asRelativePath(f), uri: f })),
        { title: vscode.l10n.t('Project files that define {0}', id) },
      ),
    );
    file = pick.uri;
  }
  await vscode.window.showTextDocument(file, { preview: false });
  return file.toString();
}

export async function openInDashboard(ctx: Ctx, arg: unknown): Promise<string> {
  const { session, project } = await resolveProject(ctx, arg, vscode.l10n.t('Open in Dashboard'));
  const url = session.dashboardUrl(project);
  if (!url) throw new Error(vscode.l10n.t('The workspace at {0} has no dashboard to open.', session.api.url));
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}
