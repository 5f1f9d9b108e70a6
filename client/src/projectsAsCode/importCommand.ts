/**
 * "Import Project to project.yaml": the workspace's state of a project written as a project file.
 * The project comes from a tree node, the argument (`{ project }`), the file the command was run
 * on (its `id`), or the project quick pick (searched on the server). The file is the workspace's
 * project file that defines the project, else a new `<folder>/<project-id>/project.yaml` — both
 * offered for confirmation, with any other location. An existing file is updated in place, its
 * comments and key order kept; an open one through a WorkspaceEdit (undo works, unsaved edits
 * stay), a closed one atomically.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { showInformationMessage } from '../notify';
import type { Ctx } from '../ctx';
import { isRegularFile, writeFileAtomic } from '../../../common/atomicFile';
import { byWorkspaceSubject, renderProjectFile, specFromState } from '../../../core/sync/importProject';
import { readWorkspaceState } from '../../../core/sync/workspaceState';
import { declaredWorkspace, workspaceDisplayName, workspaceIdentity, workspaceMatches } from '../../../core/sync/workspaceTarget';
import { required, withProgress } from '../commands/commandSupport';
import { asArgs, resolveFolder, resolveProject } from '../commands/targets';
import type { ProjectFiles } from '../projectFiles/projectFiles';
import { workspaceNameOf } from './filePlan';
import { asFileUri, fileArgOf, shownName } from './projectFileDocuments';


export interface ImportArgs {
  /** The project: its ID or UUID. */
  project?: string;
  /** The file to write (URI or path); asked for (or chosen as the default) when absent. */
  file?: string;
  /** false: write the default file without asking. */
  confirm?: boolean;
}

export interface ImportOutcome {
  file: string;
  projectId: string;
  /** The file did not exist before. */
  created: boolean;
  /** The file's text changed (false: it already said what the workspace holds). */
  changed: boolean;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

/** The file to import into: a project file defining the project, else a new one; asked unless `confirm` is false. */
async function chooseFile(projectFiles: ProjectFiles, projectId: string, confirm: boolean): Promise<vscode.Uri> {
  const defining = await projectFiles.filesDefining(projectId);
  const folder = defining.length ? undefined : await resolveFolder({});
  const fresh = folder ? vscode.Uri.joinPath(folder.uri, projectId, 'project.yaml') : undefined;
  const freshFree = fresh && !(await exists(fresh)) ? fresh : undefined;
  if (!confirm) {
    const chosen = defining[0] ?? freshFree;
    if (!chosen) throw new Error(vscode.l10n.t("No project file defines '{0}' and there is no free place for a new one: name the file to write.", projectId));
    return chosen;
  }
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const items: Item[] = defining.map((uri) => ({ label: `$(file) ${shownName(uri)}`, description: vscode.l10n.t('update it, keeping its comments'), uri }));
  if (freshFree) items.push({ label: `$(new-file) ${shownName(freshFree)}`, description: vscode.l10n.t('new file'), uri: freshFree });
  items.push({ label: `$(folder-opened) ${vscode.l10n.t('Choose Another Location…')}` });
  const pick = required(await vscode.window.showQuickPick(items, { title: vscode.l10n.t("Import '{0}' to…", projectId), placeHolder: vscode.l10n.t('Which file should hold the project?') }));
  if (pick.uri) return pick.uri;
  const saved = required(
    await vscode.window.showSaveDialog({
      title: vscode.l10n.t("Import '{0}' to…", projectId),
      defaultUri: defining[0] ?? fresh ?? vscode.workspace.workspaceFolders?.[0]?.uri,
      filters: { YAML: ['yaml', 'yml'] },
      saveLabel: vscode.l10n.t('Import'),
    }),
  );
  return saved;
}

/** Replaces only what differs between the document's text and `text`, so that the cursor and undo stay sensible. */
function minimalEdit(doc: vscode.TextDocument, text: string): vscode.WorkspaceEdit {
  const old = doc.getText();
  let start = 0;
  while (start < old.length && start < text.length && old[start] === text[start]) start++;
  let end = 0;
  while (end < old.length - start && end < text.length - start && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(start), doc.positionAt(old.length - end)), text.slice(start, text.length - end));
  return edit;
}

/** Writes `render(existing text)` into the file: through the editor when it is open, else atomically on disk. */
async function writeInto(file: vscode.Uri, render: (existing?: string) => string): Promise<{ created: boolean; changed: boolean }> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  if (open) {
    const before = open.getText();
    const text = render(before);
    if (text === before) return { created: false, changed: false };
    const wasDirty = open.isDirty;
    if (!(await vscode.workspace.applyEdit(minimalEdit(open, text)))) throw new Error(vscode.l10n.t('{0} could not be changed in its editor; nothing was written.', shownName(file)));
    // A file without unsaved edits is saved; unsaved edits of the user are left for them to save.
    if (!wasDirty) await open.save();
    return { created: false, changed: true };
  }
  if (file.scheme !== 'file') {
    const before = (await exists(file)) ? new TextDecoder().decode(await vscode.workspace.fs.readFile(file)) : undefined;
    const text = render(before);
    if (text !== before) await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    return { created: before === undefined, changed: text !== before };
  }
  const before = isRegularFile(file.fsPath) ? readFileSync(file.fsPath, 'utf8') : undefined;
  const text = render(before);
  if (text === before) return { created: false, changed: false };
  try {
    mkdirSync(path.dirname(file.fsPath), { recursive: true });
    writeFileAtomic(file.fsPath, text);
  } catch (e) {
    throw new Error(vscode.l10n.t('Could not write {0} ({1}); nothing was changed.', file.fsPath, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
  }
  return { created: before === undefined, changed: true };
}

export async function importProject(ctx: Ctx, arg: unknown): Promise<ImportOutcome> {
  const title = vscode.l10n.t('Import Project to project.yaml');
  const args = asArgs(arg) as ImportArgs;
  // Run on a project file (its editor or context menu): that file, and the project it declares.
  const fromFile = fileArgOf(arg);
  let projectRef: unknown = arg;
  let named: string | undefined;
  if (fromFile) {
    // What the file declares now, as the language server reads its current text (the file list
    // can be a version behind it); a file with errors still names its ID and workspace there.
    const reading = await ctx.projectFiles.reading(fromFile, true);
    const info = ctx.projectFiles.info(fromFile);
    const id = reading?.ok ? reading.spec.id : info?.id;
    if (!id) throw new Error(vscode.l10n.t('{0} declares no project id to import.', shownName(fromFile)));
    projectRef = { project: id };
    named = reading?.ok ? reading.spec.workspace : info?.workspace;
  }
  // A file that names a workspace is imported from that workspace, and no other.
  const resolved =
    named === undefined
      ? await resolveProject(ctx, projectRef, title)
      : await (async () => {
          const s = await ctx.workspaces.require(named, shownName(fromFile!));
          return { session: s, project: await s.project(String((projectRef as { project: string }).project)) };
        })();
  const { session, project } = resolved;
  const projectId = project.name ?? project.id;
  const file = fromFile ?? (args.file ? asFileUri(args.file) : await chooseFile(ctx.projectFiles, projectId, args.confirm !== false));
  if (!fromFile && (await exists(file))) {
    const target = declaredWorkspace(new TextDecoder().decode(await vscode.workspace.fs.readFile(file)));
    const identity = workspaceIdentity(session.info, session.api.url);
    if (target !== undefined && !workspaceMatches(target, identity)) {
      throw new Error(vscode.l10n.t('{0} is for workspace "{1}", but the project was read from "{2}": nothing was written.', shownName(file), target, workspaceDisplayName(identity)));
    }
  }

  const state = await withProgress(vscode.l10n.t("Reading project '{0}' from {1}…", projectId, workspaceNameOf(session)), (signal) => readWorkspaceState(session.api, projectId, signal));
  const spec = specFromState(state, projectId);
  const outcome = await writeInto(file, (existing) => renderProjectFile(spec, existing, byWorkspaceSubject(state)));
  ctx.tracker.snapshots.accept(session, spec.id, state);
  ctx.projectFiles.remember(file, spec.id);
  await vscode.window.showTextDocument(file, { preview: false });

  const shown = shownName(file);
  const message = outcome.created
    ? vscode.l10n.t("Wrote {0} from the project '{1}' on {2}.", shown, spec.id, workspaceNameOf(session))
    : outcome.changed
      ? vscode.l10n.t("Updated {0} from the project '{1}' on {2}; its comments were kept.", shown, spec.id, workspaceNameOf(session))
      : vscode.l10n.t("{0} already says what the project '{1}' holds on {2}.", shown, spec.id, workspaceNameOf(session));
  void showInformationMessage(message);
  return { file: file.toString(), projectId: spec.id, ...outcome };
}
