/**
 * The project quick pick of the switcher and of commands that need a project: the active project
 * first, then recent ones, then every project of the workspace — searched on the server as the
 * user types (debounced; a new query cancels the previous one) and read page after page, never
 * cut at the first. Item buttons copy the ID or open the dashboard; "Create Project…" is offered.
 */
import * as vscode from 'vscode';
import { redact } from '../../../common/redaction';
import { showInformationMessage } from '../notify';
import type { Project } from '../../../common/api/types';
import { canonicalUuid } from '../../../common/zenml/projectUuid';
import type { RecentProject } from '../activeProject/recentProjects';
import { log } from '../log';
import type { WorkspaceSession } from '../model/workspaceSession';
import { projectLabel } from './treeNodes';

export type PickResult = { kind: 'project'; project: Project } | { kind: 'create' } | { kind: 'switchWorkspace' };

export interface PickOptions {
  title: string;
  placeholder?: string;
  /** The active project (UUID or ID), listed first. */
  active?: string;
  recent?: readonly RecentProject[];
  offerCreate?: boolean;
  /** Offer "Switch Workspace…" at the end (when there are several workspaces). */
  offerSwitchWorkspace?: boolean;
  /** Text to start with (and search for). */
  query?: string;
}

interface ProjectItem extends vscode.QuickPickItem {
  project?: Project;
  create?: true;
  switchWorkspace?: true;
}

const SEARCH_DELAY_MS = 200;
const SEARCH_PAGE = 200;

/** What the open picker shows, for tests and automation: its text, whether it is busy, its rows. */
export interface PickerSnapshot {
  value: string;
  busy: boolean;
  items: { label: string; description?: string; kind: 'project' | 'create' | 'switchWorkspace' | 'separator' }[];
}

let openPicker: vscode.QuickPick<ProjectItem> | undefined;

export function pickerSnapshot(): PickerSnapshot | undefined {
  const p = openPicker;
  if (!p) return undefined;
  return {
    value: p.value,
    busy: p.busy,
    items: p.items.map((i) => ({ label: i.label, description: i.description, kind: i.kind === vscode.QuickPickItemKind.Separator ? 'separator' : i.create ? 'create' : i.switchWorkspace ? 'switchWorkspace' : 'project' })),
  };
}

export function pickProject(session: WorkspaceSession, options: PickOptions): Promise<PickResult | undefined> {
  const copyButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy Project ID') };
  const dashboardButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('link-external'), tooltip: vscode.l10n.t('Open in Dashboard') };
  const buttons = session.hasDashboard ? [copyButton, dashboardButton] : [copyButton];
  const activeUuid = options.active ? canonicalUuid(options.active) : undefined;

  const itemOf = (p: Project, isActive = false): ProjectItem => ({
    label: projectLabel(p),
    description: [p.name !== projectLabel(p) ? p.name : undefined, isActive ? vscode.l10n.t('active') : undefined].filter(Boolean).join(' · '),
    iconPath: new vscode.ThemeIcon(isActive ? 'pass-filled' : 'project'),
    project: p,
    buttons,
  });
  const separator = (label: string): ProjectItem => ({ label, kind: vscode.QuickPickItemKind.Separator });
  const createItem: ProjectItem = { label: vscode.l10n.t('Create Project…'), iconPath: new vscode.ThemeIcon('add'), alwaysShow: true, create: true };
  const switchItem: ProjectItem = {
    label: vscode.l10n.t('Switch Workspace…'),
    description: vscode.l10n.t('now {0}', session.info.pro_workspace_name || session.info.name),
    iconPath: new vscode.ThemeIcon('arrow-swap'),
    alwaysShow: true,
    switchWorkspace: true,
  };

  const picker = vscode.window.createQuickPick<ProjectItem>();
  picker.title = options.title;
  picker.placeholder = options.placeholder ?? vscode.l10n.t('Type to search the projects of {0}', session.info.pro_workspace_name || session.info.name);
  picker.matchOnDescription = true;
  picker.ignoreFocusOut = false;
  openPicker = picker;

  let top: ProjectItem[] = [];
  let found: Project[] = [];
  // Rows only ever join below the ones on screen, so that none moves under the pointer: the
  // active and recent projects come first, then the server's pages, and "Create Project…" and
  // "Switch Workspace…" once the first page (or the end, or a failure) is there.
  let answered = false;
  /** Why the last search failed (redacted), shown as a row of its own. */
  let failure: string | undefined;
  const isTop = (p: Project) => top.some((i) => i.project?.id === p.id);
  const render = () => {
    const rest = found.filter((p) => !isTop(p)).map((p) => itemOf(p));
    const items: ProjectItem[] = [...top];
    if (rest.length) items.push(separator(vscode.l10n.t('All projects')), ...rest);
    if (failure) items.push({ label: failure, iconPath: new vscode.ThemeIcon('warning'), alwaysShow: true });
    if (answered && (options.offerCreate || options.offerSwitchWorkspace)) items.push(separator(''));
    if (answered && options.offerCreate) items.push(createItem);
    if (answered && options.offerSwitchWorkspace) items.push(switchItem);
    // Keep the highlighted row where the user left it while pages arrive.
    const highlighted = picker.activeItems[0]?.project?.id;
    picker.items = items;
    const again = highlighted ? items.find((i) => i.project?.id === highlighted) : undefined;
    if (again) picker.activeItems = [again];
  };

  // The active and recent projects, looked up (from what the session knows, else the server).
  const head = (async () => {
    const entries: ProjectItem[] = [];
    const seen = new Set<string>();
    if (options.active) {
      const p = await session.project(options.active).catch(() => undefined);
      if (p) {
        entries.push(separator(vscode.l10n.t('Active')), itemOf(p, true));
        seen.add(p.id);
      }
    }
    const recent: ProjectItem[] = [];
    for (const r of options.recent ?? []) {
      if (seen.has(r.uuid) || r.uuid === activeUuid) continue;
      const p = session.known(r.uuid) ?? (await session.project(r.uuid).catch(() => undefined));
      if (!p) continue;
      seen.add(p.id);
      recent.push(itemOf(p));
    }
    if (recent.length) entries.push(separator(vscode.l10n.t('Recent')), ...recent);
    top = entries;
    render();
  })();

  let search: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const runSearch = (text: string) => {
    search?.abort();
    const controller = new AbortController();
    search = controller;
    picker.busy = true;
    found = [];
    failure = undefined;
    render();
    void (async () => {
      try {
        for await (const p of session.api.pages((page) => session.api.searchProjects(text, { page, size: SEARCH_PAGE, sort_by: 'asc:name' }, controller.signal))) {
          if (controller.signal.aborted) return;
          session.remember(p);
          found.push(p);
          // Render once per page rather than per project.
          if (found.length % SEARCH_PAGE === 0) {
            answered = true;
            render();
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
        log().warn((e as Error).message);
        failure = redact((e as Error).message);
      } finally {
        if (search === controller) {
          picker.busy = false;
          if (!controller.signal.aborted) answered = true;
          render();
        }
      }
    })();
  };

  return new Promise<PickResult | undefined>((resolve) => {
    let settled = false;
    const finish = (result: PickResult | undefined) => {
      if (settled) return;
      settled = true;
      resolve(result);
      picker.hide();
    };
    picker.onDidChangeValue((text) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => runSearch(text), SEARCH_DELAY_MS);
    });
    picker.onDidAccept(() => {
      const item = picker.selectedItems[0] ?? picker.activeItems[0];
      if (item?.create) finish({ kind: 'create' });
      else if (item?.switchWorkspace) finish({ kind: 'switchWorkspace' });
      else if (item?.project) finish({ kind: 'project', project: item.project });
    });
    picker.onDidTriggerItemButton(async ({ item, button }) => {
      const p = item.project;
      if (!p) return;
      if (button === copyButton) {
        await vscode.env.clipboard.writeText(p.name ?? p.id);
        void showInformationMessage(vscode.l10n.t("Copied the Project ID '{0}'.", p.name ?? p.id));
      } else if (button === dashboardButton) {
        const url = session.dashboardUrl(p);
        if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
      }
    });
    picker.onDidHide(() => {
      if (timer) clearTimeout(timer);
      search?.abort();
      if (openPicker === picker) openPicker = undefined;
      picker.dispose();
      finish(undefined);
    });
    if (options.query) picker.value = options.query;
    render();
    picker.show();
    void head.then(() => runSearch(options.query ?? ''));
  });
}
