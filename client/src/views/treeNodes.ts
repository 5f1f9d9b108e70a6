/**
 * The nodes of the "ZenML Projects" tree and how each one looks. A node is plain data (commands
 * receive it as their argument); its TreeItem is computed from it and from which project is
 * active, so that a change of the active project only re-renders.
 */
import * as vscode from 'vscode';
import { isKnownModelStage, isKnownRunStatus, latestRunStatus, latestVersionName } from '../../../common/api/readEntity';
import type { Artifact, ArtifactVersion, Entity, Model, ModelVersion, Pipeline, PipelineRun, Project, ProRole } from '../../../common/api/types';
import { roleSummary } from '../model/roleSummary';
import { capabilityWords, defaultRoleOf, readsAllRuns, type Capabilities } from '../model/capabilities';
import type { Member } from '../model/members';
import type { WorkspaceSession } from '../model/workspaceSession';
import type { ProjectUsage } from '../../../core/sync/projectUsage';
import type { UsageState } from './projectUsages';

export type Category = 'pipelines' | 'artifacts' | 'models' | 'members';
export type ResourceType = 'pipeline' | 'run' | 'artifact' | 'artifactVersion' | 'model' | 'modelVersion';

interface Base {
  /** Unique in the tree and stable across refreshes (VS Code keeps expansion by it). */
  readonly key: string;
}

export interface WorkspaceNode extends Base {
  kind: 'workspace';
}
/** The organization the workspaces belong to (ZenML Pro's, or the local one), when known. */
export interface OrganizationNode extends Base {
  kind: 'organization';
  name: string;
}
/** A workspace of the organization other than the selected one: click to switch to it. */
export interface OtherWorkspaceNode extends Base {
  kind: 'otherWorkspace';
  name: string;
  url: string;
  origin: 'setting' | 'organization' | 'default';
  /** Its connection for project files that name it: connected, signedOut, unreachable, ... */
  state?: string;
}
export interface ProjectNode extends Base {
  kind: 'project';
  project: Project;
  caps: Capabilities;
  /** The roles the user holds in it (empty for workspace admins and without access control). */
  roles: ProRole[];
}
export interface CategoryNode extends Base {
  kind: 'category';
  category: Category;
  project: Project;
  caps: Capabilities;
}
export interface ResourceNode extends Base {
  kind: 'resource';
  type: ResourceType;
  entity: Entity;
  project: Project;
}
export interface MemberNode extends Base {
  kind: 'member';
  member: Member;
  project: Project;
  caps: Capabilities;
}
export interface LoadMoreNode extends Base {
  kind: 'loadMore';
  /** The key of the node whose list it continues. */
  parentKey: string;
  loaded: number;
  total: number;
}
export interface MessageNode extends Base {
  kind: 'message';
  text: string;
  detail?: string;
  error?: boolean;
  /** What clicking it does (e.g. sign in to ZenML Pro). */
  command?: vscode.Command;
}

export type TreeNode = OrganizationNode | WorkspaceNode | OtherWorkspaceNode | ProjectNode | CategoryNode | ResourceNode | MemberNode | LoadMoreNode | MessageNode;

/** What the tree needs to know to draw a node beyond the node itself. */
export interface RenderContext {
  session: WorkspaceSession | undefined;
  /** Whether other workspaces are listed beside the selected one. */
  severalWorkspaces?: boolean;
  workspaceUrl?: string;
  locationSource?: string;
  /** For each project UUID that is active, the names of the folders it is active in. */
  activeIn: ReadonlyMap<string, string[]>;
  multiFolder: boolean;
  /** Project IDs that a project file of the workspace defines. */
  projectFileIds: ReadonlySet<string>;
  /** A project row's usage counts as known now (asking for them the first time). */
  usageOf?: (node: ProjectNode) => UsageState | undefined;
}

/** The tooltip line for a status or stage newer than this extension: shown as sent, never refused. */
function unknownValueNote(value: string): string {
  return `${vscode.l10n.t("'{0}' is new to this extension (a newer ZenML release?); it is shown as the server sent it.", md(value))}\n\n`;
}

const RUN_ICONS: Record<string, [string, string?]> = {
  completed: ['pass', 'testing.iconPassed'],
  failed: ['error', 'testing.iconFailed'],
  running: ['sync~spin', 'charts.blue'],
  cached: ['history', 'charts.green'],
  queued: ['clock'],
  initializing: ['loading~spin'],
  provisioning: ['loading~spin'],
  stopping: ['debug-stop', 'charts.yellow'],
  stopped: ['debug-stop', 'charts.yellow'],
  retrying: ['refresh', 'charts.yellow'],
  retried: ['refresh'],
  skipped: ['debug-step-over'],
  cancelling: ['circle-slash', 'charts.yellow'],
  cancelled: ['circle-slash'],
  paused: ['debug-pause', 'charts.yellow'],
  resuming: ['debug-continue', 'charts.blue'],
};

const STAGE_ICONS: Record<string, [string, string?]> = {
  production: ['rocket', 'charts.green'],
  staging: ['beaker', 'charts.yellow'],
  archived: ['archive'],
  none: ['circle-outline'],
};

function icon(spec: [string, string?] | undefined, fallback: string): vscode.ThemeIcon {
  const [id, color] = spec ?? [fallback];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

function when(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

export function roleName(role: ProRole): string {
  return role.name;
}

/** Text shown as is inside Markdown: the characters that would format it are escaped. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, '\\$&');
}

export function projectLabel(p: Project): string {
  return p.body?.display_name || p.name || p.id;
}

export function treeItem(node: TreeNode, ctx: RenderContext): vscode.TreeItem {
  switch (node.kind) {
    case 'organization': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = node.key;
      item.description = vscode.l10n.t('organization');
      item.iconPath = new vscode.ThemeIcon('organization');
      item.contextValue = 'organization';
      return item;
    }
    case 'otherWorkspace': {
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      const state =
        node.state === 'connected'
          ? vscode.l10n.t('signed in')
          : node.state === 'signedOut'
            ? vscode.l10n.t('not signed in')
            : node.state === 'unreachable'
              ? vscode.l10n.t('unreachable')
              : node.state === 'mismatch'
                ? vscode.l10n.t('another workspace at this URL')
                : undefined;
      item.description = [state, node.origin === 'organization' ? vscode.l10n.t('from the organization') : node.origin === 'default' ? vscode.l10n.t('default') : undefined].filter(Boolean).join(' · ');
      item.tooltip = new vscode.MarkdownString(`**${md(node.name)}** · ${md(node.url)}\n\n${vscode.l10n.t('Click to switch the tree, the status bar and the project commands to this workspace.')}`);
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = 'otherWorkspace';
      item.command = { command: 'zenmlProjects.switchWorkspace', title: vscode.l10n.t('Switch Workspace…'), arguments: [{ name: node.name }] };
      return item;
    }
    case 'workspace':
      return workspaceItem(node, ctx);
    case 'project':
      return projectItem(node, ctx);
    case 'category':
      return categoryItem(node);
    case 'resource':
      return resourceItem(node);
    case 'member':
      return memberItem(node, ctx);
    case 'loadMore': {
      const item = new vscode.TreeItem(vscode.l10n.t('Load more…'), vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.description = vscode.l10n.t('{0} of {1}', node.loaded, node.total);
      item.iconPath = new vscode.ThemeIcon('ellipsis');
      item.contextValue = 'loadMore';
      item.command = { command: 'zenmlProjects.loadMore', title: vscode.l10n.t('Load more…'), arguments: [node] };
      return item;
    }
    case 'message': {
      const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
      item.id = node.key;
      item.tooltip = node.detail ?? node.text;
      item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info', node.error ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      item.contextValue = node.error ? 'message error' : 'message';
      item.command = node.command;
      return item;
    }
  }
}

function workspaceItem(node: WorkspaceNode, ctx: RenderContext): vscode.TreeItem {
  const s = ctx.session!;
  const info = s.info;
  const name = info.pro_workspace_name || info.name;
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = node.key;
  // ZenML's deployment types: `cloud` is ZenML Pro; `local` and `docker` run on this machine. The
  // bundled local workspace says so in its metadata, whichever edition it plays.
  const local = ctx.locationSource === 'local workspace' || info.metadata?.local_workspace === 'true' || info.deployment_type === 'local' || info.deployment_type === 'docker';
  const kind = local ? (s.isPro ? vscode.l10n.t('local, Pro edition') : vscode.l10n.t('local')) : s.isPro ? vscode.l10n.t('ZenML Pro') : vscode.l10n.t('self-hosted');
  item.description = `${info.version} · ${kind}${ctx.severalWorkspaces ? ` · ${vscode.l10n.t('selected')}` : ''}`;
  item.iconPath = new vscode.ThemeIcon(s.isPro ? 'cloud' : 'server');
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown(`**${md(name)}** · ${vscode.l10n.t('ZenML {0}', md(info.version))} · ${md(kind)}\n\n`);
  if (ctx.workspaceUrl) tip.appendMarkdown(`${md(ctx.workspaceUrl)}\n\n`);
  tip.appendMarkdown(vscode.l10n.t('Signed in as {0}', md(s.user.name ?? s.user.id)) + (s.isWorkspaceAdmin ? ` · ${vscode.l10n.t('workspace admin')}` : '') + '\n\n');
  if (info.pro_organization_name) tip.appendMarkdown(vscode.l10n.t('Organization: {0}', md(info.pro_organization_name)) + '\n\n');
  tip.appendMarkdown(
    s.hasAccessControl
      ? vscode.l10n.t('Members and roles: in the ZenML Pro API at {0}, with a credential of its own (the "ZenML Pro" account)', md(info.pro_api_url ?? ''))
      : vscode.l10n.t('Members and roles: none — a ZenML server without ZenML Pro has no project members or roles'),
  );
  item.tooltip = tip;
  item.contextValue = ['workspace', ...(s.canCreateProjects ? ['canCreateProjects'] : [])].join(' ');
  return item;
}

function projectItem(node: ProjectNode, ctx: RenderContext): vscode.TreeItem {
  const p = node.project;
  const label = projectLabel(p);
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  const activeIn = ctx.activeIn.get(p.id);
  const parts: string[] = [];
  if (p.name && p.name !== label) parts.push(p.name);
  if (activeIn) parts.push(ctx.multiFolder ? vscode.l10n.t('active in {0}', activeIn.join(', ')) : vscode.l10n.t('active'));
  const usage = ctx.usageOf?.(node);
  const s = ctx.session;
  // A member who may read only their own runs cannot tell an idle project from a busy one.
  const ownRunsOnly = !!s?.hasAccessControl && !s.isWorkspaceAdmin && node.roles.length > 0 && !readsAllRuns(node.roles);
  if (usage?.kind === 'read') parts.push(usageCounts(usage.usage), ...(usage.usage.recentRuns === 0 && !ownRunsOnly ? [vscode.l10n.t('idle')] : []));
  item.description = parts.join(' · ');
  item.iconPath = activeIn ? new vscode.ThemeIcon('pass-filled', new vscode.ThemeColor('charts.green')) : new vscode.ThemeIcon('project');
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown(`**${md(label)}**${activeIn ? ` · ${vscode.l10n.t('active project')}` : ''}\n\n`);
  tip.appendMarkdown(`${vscode.l10n.t('Project ID')}: \`${p.name ?? ''}\`\n\n`);
  tip.appendMarkdown(`${vscode.l10n.t('UUID: {0}', `\`${p.id}\``)}\n\n`);
  const description = (p.metadata as { description?: string } | null | undefined)?.description;
  if (description) tip.appendMarkdown(`${md(description)}\n\n`);
  if (p.body?.created) tip.appendMarkdown(`${vscode.l10n.t('Created')}: ${md(when(p.body.created))}\n\n`);
  const role = s?.isWorkspaceAdmin ? vscode.l10n.t('workspace admin') : node.roles.length ? node.roles.map(roleName).join(', ') : s?.hasAccessControl ? vscode.l10n.t('no project role') : '';
  if (role) tip.appendMarkdown(`${vscode.l10n.t('Your role')}: ${md(role)}`);
  if (usage) tip.appendMarkdown(`\n\n---\n\n${usageTooltip(usage, ownRunsOnly)}`);
  item.tooltip = tip;
  const words = ['project', ...(activeIn ? ['active'] : []), ...capabilityWords(node.caps)];
  if (s?.hasDashboard) words.push('hasDashboard');
  if (p.name && ctx.projectFileIds.has(p.name)) words.push('hasProjectFile');
  item.contextValue = words.join(' ');
  return item;
}

/**
 * "3 pipelines · 12 runs · 2 artifacts · 1 model": a project row's counts. With `versions`, the
 * artifacts carry their versions — "2 artifacts (7 versions)" — as the tooltip shows them; the
 * row leaves them out to stay short (a clean-up's effect shows in the tooltip).
 */
export function usageCounts(u: ProjectUsage, versions = false): string {
  const artifacts = u.artifacts === 1 ? vscode.l10n.t('1 artifact') : vscode.l10n.t('{0} artifacts', u.artifacts);
  const artifactVersions = u.artifactVersions === 1 ? vscode.l10n.t('1 version') : vscode.l10n.t('{0} versions', u.artifactVersions);
  return [
    u.pipelines === 1 ? vscode.l10n.t('1 pipeline') : vscode.l10n.t('{0} pipelines', u.pipelines),
    u.runs === 1 ? vscode.l10n.t('1 run') : vscode.l10n.t('{0} runs', u.runs),
    versions ? vscode.l10n.t('{0} ({1})', artifacts, artifactVersions) : artifacts,
    u.models === 1 ? vscode.l10n.t('1 model') : vscode.l10n.t('{0} models', u.models),
  ].join(' · ');
}

/**
 * The usage part of a project's tooltip (Markdown): the counts, how busy it is, or why they are
 * missing. `ownRunsOnly`: the caller's roles read only the runs they made, so no run of theirs
 * lately does not make the project idle.
 */
function usageTooltip(state: UsageState, ownRunsOnly: boolean): string {
  switch (state.kind) {
    case 'reading':
      return vscode.l10n.t('Usage: reading…');
    case 'failed':
      return `${vscode.l10n.t('Usage counts could not be read: {0}', md(state.message))}\n\n${vscode.l10n.t('Refresh to read them again.')}`;
    case 'read': {
      const u = state.usage;
      let recent: string;
      if (u.recentRuns === 0) recent = ownRunsOnly ? vscode.l10n.t('none of your runs in the last {0} days', u.recentDays) : `**${vscode.l10n.t('Idle: no runs in the last {0} days', u.recentDays)}**`;
      else recent = u.recentRuns === 1 ? vscode.l10n.t('1 run in the last {0} days', u.recentDays) : vscode.l10n.t('{0} runs in the last {1} days', u.recentRuns, u.recentDays);
      const newest = u.newestRun ? vscode.l10n.t('newest run: {0}', md(when(u.newestRun))) : vscode.l10n.t('no runs yet');
      const scope = ownRunsOnly
        ? vscode.l10n.t('The counts are what your role lets you read: of the runs, only those you made, so whether others run anything here cannot be told.')
        : vscode.l10n.t('The counts are what your role lets you read.');
      return `${vscode.l10n.t('Usage: {0}', usageCounts(u, true))}\n\n${recent} · ${newest}\n\n${scope}`;
    }
  }
}

const CATEGORY_LOOK: Record<Category, { label: () => string; icon: string }> = {
  pipelines: { label: () => vscode.l10n.t('Pipelines'), icon: 'symbol-event' },
  artifacts: { label: () => vscode.l10n.t('Artifacts'), icon: 'package' },
  models: { label: () => vscode.l10n.t('Models'), icon: 'symbol-class' },
  members: { label: () => vscode.l10n.t('Members'), icon: 'organization' },
};

function categoryItem(node: CategoryNode): vscode.TreeItem {
  const look = CATEGORY_LOOK[node.category];
  const item = new vscode.TreeItem(look.label(), vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.key;
  item.iconPath = new vscode.ThemeIcon(look.icon);
  const words = ['category', node.category];
  if (node.category === 'members' && node.caps.manageMembers) words.push('canManageMembers');
  item.contextValue = words.join(' ');
  return item;
}

function resourceItem(node: ResourceNode): vscode.TreeItem {
  const e = node.entity;
  let label = e.name ?? e.id;
  let description = '';
  let iconPath: vscode.ThemeIcon;
  let expandable = false;
  const tip = new vscode.MarkdownString();
  switch (node.type) {
    case 'pipeline': {
      const status = latestRunStatus(e as Pipeline);
      description = status ? vscode.l10n.t('last run {0}', status) : '';
      if (status && !isKnownRunStatus(status)) tip.appendMarkdown(unknownValueNote(status));
      iconPath = new vscode.ThemeIcon('symbol-event');
      expandable = true;
      break;
    }
    case 'run': {
      const run = e as PipelineRun;
      const status = run.body?.status ?? 'unknown';
      description = `${status} · ${when(run.body?.created)}`;
      iconPath = icon(RUN_ICONS[status], 'circle-outline');
      if (!isKnownRunStatus(status)) tip.appendMarkdown(unknownValueNote(status));
      break;
    }
    case 'artifact': {
      const latest = latestVersionName(e as Artifact);
      description = latest !== undefined ? vscode.l10n.t('latest {0}', latest) : '';
      iconPath = new vscode.ThemeIcon('package');
      expandable = true;
      break;
    }
    case 'artifactVersion': {
      const v = e as ArtifactVersion;
      label = vscode.l10n.t('version {0}', v.body?.version ?? '?');
      description = v.body?.type ?? '';
      iconPath = new vscode.ThemeIcon('file-binary');
      if (v.body?.uri) tip.appendMarkdown(`${vscode.l10n.t('URI: {0}', `\`${v.body.uri}\``)}\n\n`);
      break;
    }
    case 'model': {
      const latest = latestVersionName(e as Model);
      description = latest !== undefined ? vscode.l10n.t('latest {0}', latest) : '';
      iconPath = new vscode.ThemeIcon('symbol-class');
      expandable = true;
      break;
    }
    case 'modelVersion': {
      const v = e as ModelVersion;
      const stage = v.body?.stage ?? 'none';
      label = e.name ?? `#${v.body?.number ?? '?'}`;
      description = stage === 'none' ? vscode.l10n.t('no stage') : stage;
      iconPath = icon(STAGE_ICONS[stage], 'circle-outline');
      if (!isKnownModelStage(stage)) tip.appendMarkdown(unknownValueNote(stage));
      break;
    }
  }
  const item = new vscode.TreeItem(label, expandable ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = description;
  item.iconPath = iconPath;
  tip.appendMarkdown(`**${md(label)}**${description ? ` · ${md(description)}` : ''}\n\n`);
  tip.appendMarkdown(`${vscode.l10n.t('ID: {0}', `\`${e.id}\``)}\n\n`);
  if (e.body?.created) tip.appendMarkdown(`${vscode.l10n.t('Created')}: ${md(when(e.body.created))}`);
  item.tooltip = tip;
  item.contextValue = `resource ${node.type}`;
  return item;
}

function memberItem(node: MemberNode, ctx: RenderContext): vscode.TreeItem {
  const m = node.member;
  // A member is a Pro user: it is "you" when it is the Pro user your workspace account links to.
  const you = ctx.session && m.kind === 'user' && ctx.session.isMe(m.id);
  const label = you ? vscode.l10n.t('{0} (you)', m.name) : m.name;
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
  item.id = node.key;
  item.description = m.roles.map(roleName).join(', ');
  item.iconPath = new vscode.ThemeIcon(m.kind === 'team' ? 'organization' : 'person');
  const tip = new vscode.MarkdownString();
  tip.appendMarkdown(`**${md(m.name)}**${m.fullName ? ` · ${md(m.fullName)}` : ''} · ${m.kind === 'team' ? vscode.l10n.t('team') : vscode.l10n.t('user')}\n\n`);
  for (const r of m.roles) tip.appendMarkdown(`- ${md(r.name)}${defaultRoleOf(r) ? `: ${md(roleSummary(defaultRoleOf(r)!))}` : r.description ? `: ${md(r.description)}` : ''}\n`);
  item.tooltip = tip;
  item.contextValue = ['member', m.kind, ...(node.caps.manageMembers ? ['canManageMembers'] : [])].join(' ');
  return item;
}
