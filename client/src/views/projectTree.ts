/**
 * The "ZenML Projects" tree: the workspace, its projects (a page at a time, "Load more…"), and
 * under each project its pipelines (→ runs), artifacts (→ versions), models (→ versions) and
 * members. Children load when first expanded, with progress in the view; lists are kept until
 * Refresh. A project row's usage counts are read when the row is first drawn (projectUsages.ts)
 * and kept until Refresh too. Nothing is fetched while the view is hidden.
 */
import { listArtifactVersions, listModelVersions, listRuns, listTop } from '../../../common/api/resourceLists';
import * as vscode from 'vscode';
import { redact } from '../../../common/redaction';
import { showErrorMessage } from '../notify';
import { ProApiError } from '../../../common/api/proApi';
import type { Entity, Page, Project } from '../../../common/api/types';
import type { ListQuery } from '../../../common/api/zenmlApi';
import { canonicalUuid } from '../../../common/zenml/projectUuid';
import type { ActiveProjects } from '../activeProjects';
import type { WorkspaceConnection } from '../connection/workspaceConnection';
import { log } from '../log';
import type { WorkspaceSession } from '../model/workspaceSession';
import type { ProjectFiles } from '../projectFiles/projectFiles';
import type { Sessions } from '../sessions';
import { workspaceIdentity, workspaceMatches } from '../../../core/sync/workspaceTarget';
import type { WorkspaceDirectory } from '../connection/workspaceDirectory';
import { ProjectUsages } from './projectUsages';
import { treeItem, type OtherWorkspaceNode, type Category, type CategoryNode, type LoadMoreNode, type ProjectNode, type RenderContext, type ResourceNode, type ResourceType, type TreeNode, type WorkspaceNode } from './treeNodes';

export const VIEW_ID = 'zenmlProjects.projects';
const WORKSPACE_KEY = 'workspace';

interface PagedList {
  nodes: TreeNode[];
  total: number;
  /** The next page to fetch, when there is one. */
  nextPage?: number;
  fetch: (page: number, signal: AbortSignal) => Promise<{ nodes: TreeNode[]; page: Page<unknown> }>;
}

function pageSize(): number {
  const n = vscode.workspace.getConfiguration('zenmlProjects').get<number>('tree.pageSize') ?? 50;
  return Math.min(Math.max(Math.floor(n) || 50, 1), 1000);
}

/** How long to wait before the `failures`-th retry of a list that failed: 5 s, doubling, at most 5 min. */
export function retryDelayMs(failures: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, failures - 1), 300_000);
}

export class ProjectTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private lists = new Map<string, Promise<PagedList>>();
  private readonly nodes = new Map<string, TreeNode>();
  private controller = new AbortController();
  private projectFileIds: ReadonlySet<string> = new Set();
  /** Lists whose fetch failed: how often in a row, and the timer that tries again. */
  private readonly failures = new Map<string, { count: number; timer?: ReturnType<typeof setTimeout> }>();
  private readonly workspaceNode: WorkspaceNode = { kind: 'workspace', key: WORKSPACE_KEY };
  /** The project rows' usage counts: read when a row is first drawn, kept until Refresh. */
  private readonly usages = new ProjectUsages();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: Sessions,
    private readonly connection: WorkspaceConnection,
    private readonly active: ActiveProjects,
    private readonly projectFiles: ProjectFiles,
    private readonly workspaces?: WorkspaceDirectory,
  ) {
    if (workspaces) this.disposables.push(workspaces.onDidChange(() => this.changed.fire(undefined)));
    this.disposables.push(
      sessions.onDidChange(() => this.refresh()),
      // A change of the active project only re-renders: the lists stay.
      active.onDidChange(() => this.changed.fire(undefined)),
      projectFiles.onDidChange(() => void this.updateProjectFileIds()),
      // Until the project files are known, rows offer no "Open project.yaml"; then they are drawn again.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('zenmlProjects.tree.pageSize')) this.refresh();
      }),
    );
    void this.updateProjectFileIds();
  }

  /** Forgets every list and usage count (and what the session read), and draws the tree again. */
  refresh(): void {
    this.forgetFailures();
    this.controller.abort();
    this.controller = new AbortController();
    this.lists = new Map();
    this.usages.clear();
    this.nodes.clear();
    this.sessions.current?.clear();
    this.changed.fire(undefined);
  }

  /** Draws one node again (its lists stay), or all when none is given. */
  redraw(node?: TreeNode): void {
    this.changed.fire(node);
  }

  /** Forgets the lists under a node (a project's members after a change; a project's lists and counts after a clean-up), and draws it again. */
  reload(key: string): void {
    for (const k of [...this.lists.keys()]) if (k === key || k.startsWith(`${key}/`)) this.lists.delete(k);
    const node = this.nodes.get(key);
    // A project's row reads its usage counts again too (after a clean-up, say).
    if (node?.kind === 'project' && this.sessions.current) this.usages.forget(this.sessions.current.api, node.project.id);
    this.changed.fire(node?.kind === 'workspace' ? undefined : node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    return treeItem(node, this.renderContext());
  }

  /** The project nodes loaded so far (for commands that look for one). */
  loadedProjects(): ProjectNode[] {
    return [...this.nodes.values()].filter((n): n is ProjectNode => n.kind === 'project');
  }

  private renderContext(): RenderContext {
    const activeIn = new Map<string, string[]>();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const session = this.sessions.current;
    for (const info of this.active.all) {
      const project = (info.uuid && session?.known(info.uuid)) || (info.projectId && session?.known(info.projectId)) || undefined;
      const uuid = project?.id ?? (info.uuid ? canonicalUuid(info.uuid) : undefined);
      if (!uuid) continue;
      const folder = folders.find((f) => f.uri.toString() === info.folderUri)?.name ?? info.folderUri;
      activeIn.set(uuid, [...(activeIn.get(uuid) ?? []), folder]);
    }
    const state = this.connection.state;
    return {
      session,
      severalWorkspaces: !!session && this.otherWorkspaces(session).length > 0,
      workspaceUrl: state.kind === 'noWorkspace' ? undefined : state.location.url,
      locationSource: state.kind === 'noWorkspace' ? undefined : state.location.source,
      activeIn,
      multiFolder: folders.length > 1,
      projectFileIds: this.projectFileIds,
      // Drawing a project row asks for its counts once; when they arrive, that row alone is drawn again.
      usageOf: (node) => (session ? this.usages.of(session.api, node.project, () => this.changed.fire(this.nodes.get(node.key) ?? node)) : undefined),
    };
  }

  /**
   * Takes the project files' IDs (for "Open project.yaml" on project rows) when the project files
   * change, never when the tree is drawn: drawing must not cause another draw.
   */
  private async updateProjectFileIds(): Promise<void> {
    const ids = await this.projectFiles.ids();
    if (ids.size === this.projectFileIds.size && [...ids].every((id) => this.projectFileIds.has(id))) return;
    this.projectFileIds = ids;
    this.changed.fire(undefined);
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    const session = this.sessions.current;
    if (!session) {
      void vscode.commands.executeCommand('setContext', 'zenmlProjects.noProjects', false);
      return [];
    }
    if (!node) {
      const projects = await this.list(WORKSPACE_KEY, () => this.projectsList(session)).catch(() => undefined);
      const others = this.otherWorkspaces(session);
      const organization = session.info.pro_organization_name;
      // Several workspaces: the organization (where known) and its workspaces, the selected one first.
      if (others.length) {
        void vscode.commands.executeCommand('setContext', 'zenmlProjects.noProjects', false);
        return organization ? [{ kind: 'organization', key: 'organization', name: organization }] : [this.workspaceNode, ...others];
      }
      // A failure shows under the workspace node, with its sentence.
      if (!projects) return [this.workspaceNode];
      void vscode.commands.executeCommand('setContext', 'zenmlProjects.noProjects', projects.total === 0);
      return projects.total === 0 ? [] : [this.workspaceNode];
    }
    switch (node.kind) {
      case 'organization':
        return [this.workspaceNode, ...this.otherWorkspaces(session)];
      case 'workspace':
        return this.children(WORKSPACE_KEY, () => this.projectsList(session));
      case 'project':
        return this.categories(node, session);
      case 'category':
        return this.children(node.key, () => this.categoryList(node, session));
      case 'resource':
        return this.children(node.key, () => this.versionsList(node, session));
      default:
        return [];
    }
  }

  /** The known workspaces other than the selected one, as tree rows. */
  private otherWorkspaces(session: WorkspaceSession): OtherWorkspaceNode[] {
    if (!this.workspaces) return [];
    const selected = workspaceIdentity(session.info, session.api.url);
    return this.workspaces
      .all()
      .filter((w) => !workspaceMatches(w.name, selected))
      .map((w) => ({ kind: 'otherWorkspace', key: `other/${w.name}`, name: w.name, url: w.url, origin: w.origin, state: this.workspaces!.sideState(w.name)?.kind }));
  }

  /** Fetches the next page of the list a "Load more…" node ends. */
  async loadMore(node: LoadMoreNode): Promise<void> {
    const list = await this.lists.get(node.parentKey);
    if (!list || list.nextPage === undefined) return;
    const page = list.nextPage;
    try {
      const next = await this.inView(() => list.fetch(page, this.controller.signal));
      list.nodes.push(...next.nodes);
      list.total = next.page.total;
      list.nextPage = page < next.page.total_pages && next.page.items.length > 0 ? page + 1 : undefined;
    } catch (e) {
      void showErrorMessage((e as Error).message);
      return;
    }
    const parent = this.nodes.get(node.parentKey);
    this.changed.fire(!parent || parent.kind === 'workspace' ? undefined : parent);
  }

  private inView<T>(work: () => Promise<T>): Promise<T> {
    return Promise.resolve(vscode.window.withProgress({ location: { viewId: VIEW_ID } }, work));
  }

  /**
   * The first page of a list, fetched once. A failed fetch is kept — drawing the tree again shows
   * the failure without asking the workspace again — and tried again after a backoff (5 s,
   * doubling to 5 min), or at once on Refresh.
   */
  private list(key: string, make: () => PagedList): Promise<PagedList> {
    let pending = this.lists.get(key);
    if (!pending) {
      const list = make();
      const signal = this.controller.signal;
      const fetching = this.inView(() => list.fetch(1, signal)).then((first) => {
        list.nodes = first.nodes;
        list.total = first.page.total;
        list.nextPage = first.page.total_pages > 1 && first.page.items.length > 0 ? 2 : undefined;
        return list;
      });
      pending = fetching;
      this.lists.set(key, fetching);
      fetching.then(
        () => this.failures.delete(key),
        (e: unknown) => {
          if (this.lists.get(key) !== fetching || signal.aborted) return;
          // Said once per failed fetch, not once per drawing of the tree.
          log().warn(redact(e instanceof Error ? e.message : String(e)));
          const failure = this.failures.get(key) ?? { count: 0 };
          failure.count++;
          clearTimeout(failure.timer);
          failure.timer = setTimeout(() => {
            if (this.lists.get(key) !== fetching) return;
            this.lists.delete(key);
            const node = this.nodes.get(key);
            this.changed.fire(!node || node.kind === 'workspace' ? undefined : node);
          }, retryDelayMs(failure.count));
          this.failures.set(key, failure);
        },
      );
    }
    return pending;
  }

  private forgetFailures(): void {
    for (const f of this.failures.values()) clearTimeout(f.timer);
    this.failures.clear();
  }

  private async children(key: string, make: () => PagedList): Promise<TreeNode[]> {
    let list: PagedList;
    try {
      list = await this.list(key, make);
    } catch (e) {
      const message = redact(e instanceof Error ? e.message : String(e));
      if (e instanceof ProApiError && (e.proFailure === 'no-credential' || e.proFailure === 'refused')) {
        // Members need the Pro API's own credential; the rest of the tree does not wait for it.
        const text = e.proFailure === 'no-credential' ? vscode.l10n.t('Sign in to ZenML Pro to see members…') : vscode.l10n.t('ZenML Pro refused the credential: sign in again…');
        const command = { command: 'zenmlProjects.signInToPro', title: vscode.l10n.t('Sign In to ZenML Pro') };
        return [{ kind: 'message', key: `${key}/error`, text, detail: message, error: e.proFailure === 'refused', command }];
      }
      return [{ kind: 'message', key: `${key}/error`, text: message, detail: message, error: true }];
    }
    const nodes = [...list.nodes];
    for (const n of nodes) this.nodes.set(n.key, n);
    if (list.nextPage !== undefined) {
      const more: LoadMoreNode = { kind: 'loadMore', key: `${key}/more`, parentKey: key, loaded: list.nodes.length, total: list.total };
      nodes.push(more);
    }
    if (!nodes.length) nodes.push({ kind: 'message', key: `${key}/empty`, text: vscode.l10n.t('None yet') });
    return nodes;
  }

  private projectsList(session: WorkspaceSession): PagedList {
    this.nodes.set(WORKSPACE_KEY, this.workspaceNode);
    return {
      nodes: [],
      total: 0,
      fetch: async (page, signal) => {
        const result = await session.api.listProjects({ page, size: pageSize(), sort_by: 'asc:name', hydrate: true }, signal);
        const nodes = await Promise.all(
          result.items.map(async (p): Promise<ProjectNode> => {
            session.remember(p);
            const [caps, roles] = await Promise.all([session.capabilities(p.id, signal), session.myRolesIn(p.id, signal)]);
            return { kind: 'project', key: `project:${p.id}`, project: p, caps, roles };
          }),
        );
        return { nodes, page: result };
      },
    };
  }

  private categories(node: ProjectNode, session: WorkspaceSession): TreeNode[] {
    const kinds: Category[] = ['pipelines', 'artifacts', 'models', ...(session.hasAccessControl ? (['members'] as const) : [])];
    const nodes: TreeNode[] = kinds.map((category): CategoryNode => ({ kind: 'category', key: `${node.key}/${category}`, category, project: node.project, caps: node.caps }));
    for (const n of nodes) this.nodes.set(n.key, n);
    if (!session.hasAccessControl) {
      // Said where members would be, rather than leaving the reader to wonder where they went.
      nodes.push({
        kind: 'message',
        key: `${node.key}/no-members`,
        text: vscode.l10n.t('No members or roles on a plain ZenML server'),
        detail: vscode.l10n.t(
          'This workspace is a ZenML server without ZenML Pro: every user may work in every project, and there are no project members or roles to manage. Members and roles come with ZenML Pro.',
        ),
      });
    }
    return nodes;
  }

  private resourcePage<T extends Entity>(
    project: Project,
    type: ResourceType,
    parentKey: string,
    load: (q: ListQuery, signal: AbortSignal) => Promise<Page<T>>,
  ): PagedList {
    return {
      nodes: [],
      total: 0,
      fetch: async (page, signal) => {
        const result = await load({ page, size: pageSize() }, signal);
        const nodes = result.items.map((entity): ResourceNode => ({ kind: 'resource', key: `${parentKey}/${type}:${entity.id}`, type, entity, project }));
        return { nodes, page: result };
      },
    };
  }

  private categoryList(node: CategoryNode, session: WorkspaceSession): PagedList {
    const p = node.project;
    const api = session.api;
    switch (node.category) {
      case 'pipelines':
        return this.resourcePage(p, 'pipeline', node.key, (q, s) => listTop(api, 'pipelines', p.id, q, s));
      case 'artifacts':
        return this.resourcePage(p, 'artifact', node.key, (q, s) => listTop(api, 'artifacts', p.id, q, s));
      case 'models':
        return this.resourcePage(p, 'model', node.key, (q, s) => listTop(api, 'models', p.id, q, s));
      case 'members':
        return {
          nodes: [],
          total: 0,
          fetch: async (_page, signal) => {
            const members = await session.members(p.id, signal);
            const nodes: TreeNode[] = members.map((member) => ({ kind: 'member', key: `${node.key}/${member.kind}:${member.id}`, member, project: p, caps: node.caps }));
            return { nodes, page: { index: 1, max_size: members.length, total_pages: 1, total: members.length, items: members } };
          },
        };
    }
  }

  private versionsList(node: ResourceNode, session: WorkspaceSession): PagedList {
    const p = node.project;
    const api = session.api;
    const id = node.entity.id;
    switch (node.type) {
      case 'pipeline':
        return this.resourcePage(p, 'run', node.key, (q, s) => listRuns(api, p.id, id, q, s));
      case 'artifact':
        return this.resourcePage(p, 'artifactVersion', node.key, (q, s) => listArtifactVersions(api, p.id, id, q, s));
      case 'model':
        return this.resourcePage(p, 'modelVersion', node.key, (q, s) => listModelVersions(api, p.id, id, q, s));
      default:
        return { nodes: [], total: 0, fetch: async () => ({ nodes: [], page: { index: 1, max_size: 0, total_pages: 1, total: 0, items: [] } }) };
    }
  }

  dispose(): void {
    this.forgetFailures();
    this.controller.abort();
    this.usages.clear();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}
