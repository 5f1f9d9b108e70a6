/**
 * Which workspace a project file is for, and whether a server is that workspace. A file's
 * `workspace:` names a workspace of the organization; a server says who it is in `/info`: its
 * `name`, and on ZenML Pro also `pro_workspace_name` and `pro_workspace_id` (ZenML's
 * `ServerModel`, `src/zenml/models/v2/misc/server_models.py`). A file is planned, compared and
 * applied only against a server that is the workspace it names — nothing here can be overridden.
 */
import { parse } from 'yaml';
import type { ServerInfo } from '../../common/api/types';

/** Who a server is, as `/info` says. */
export interface WorkspaceIdentity {
  /** `/info`'s `name`. */
  name: string;
  /** The server's UUID (`/info`'s `id`): tells one server from another behind the same URL. */
  serverId: string;
  url: string;
  /** On ZenML Pro: the workspace's name and UUID in the organization. */
  proWorkspaceName?: string;
  proWorkspaceId?: string;
  organizationName?: string;
  organizationId?: string;
}

export function workspaceIdentity(info: ServerInfo, url: string): WorkspaceIdentity {
  const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
  return {
    name: text(info.name) ?? '',
    serverId: text(info.id) ?? '',
    url,
    proWorkspaceName: text(info.pro_workspace_name),
    proWorkspaceId: text(info.pro_workspace_id),
    organizationName: text(info.pro_organization_name),
    organizationId: text(info.pro_organization_id),
  };
}

/** The name a workspace goes by: ZenML Pro's workspace name where there is one, else `/info`'s. */
export function workspaceDisplayName(w: WorkspaceIdentity): string {
  return w.proWorkspaceName ?? w.name;
}

/**
 * Whether `target` (a file's `workspace:`) names the workspace `w`: its `/info` name, its Pro
 * workspace name (both exactly, as ZenML stores names) or its Pro workspace UUID (in any case).
 */
export function workspaceMatches(target: string, w: WorkspaceIdentity): boolean {
  const t = target.trim();
  if (!t) return false;
  if (t === w.name || t === w.proWorkspaceName) return true;
  return !!w.proWorkspaceId && t.toLowerCase() === w.proWorkspaceId.toLowerCase();
}

/** "workspace 'b' at http://…" — how a sentence names a server. */
export function describeWorkspace(w: WorkspaceIdentity): string {
  return `workspace '${workspaceDisplayName(w)}' at ${w.url}`;
}

/**
 * The sentence for a file whose `workspace:` is not the server it would be compared with or
 * applied to: both names, and how to point the tool at the right one.
 */
export function wrongWorkspaceMessage(file: string, target: string, w: WorkspaceIdentity, howToConnect = `connect to '${target}' with its URL`): string {
  return `${file} is for workspace '${target}', but the server at ${w.url} is workspace '${workspaceDisplayName(w)}': nothing was compared with it or applied to it. To use '${target}', ${howToConnect}; if the file belongs to '${workspaceDisplayName(w)}', change its workspace: to that.`;
}

/** Thrown when a plan would be applied to a server that is not the file's workspace. */
export class WrongWorkspaceError extends Error {}

/**
 * The check made right before writing: the server behind the URL is still the one planned
 * against, and it is the workspace the file names. `fresh` is `/info` read just now.
 */
export function checkApplyTarget(file: string, target: string | undefined, planned: WorkspaceIdentity | undefined, fresh: WorkspaceIdentity): void {
  if (target !== undefined && !workspaceMatches(target, fresh)) throw new WrongWorkspaceError(wrongWorkspaceMessage(file, target, fresh));
  if (planned && planned.serverId && fresh.serverId && planned.serverId !== fresh.serverId) {
    throw new WrongWorkspaceError(
      `The server at ${fresh.url} is no longer the one the plan was made against (it was '${workspaceDisplayName(planned)}', it is now '${workspaceDisplayName(fresh)}'): nothing was applied. Plan again.`,
    );
  }
}

/**
 * The `workspace:` a project file's text declares, read leniently (the file may have other
 * errors; importing into it must still go to its workspace). Undefined when it names none.
 */
export function declaredWorkspace(text: string): string | undefined {
  try {
    const value = parse(text) as unknown;
    const w = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>).workspace : undefined;
    return typeof w === 'string' ? w : undefined;
  } catch {
    return undefined;
  }
}
