/**
 * The messages between the extension and the language server beyond standard LSP, declared once
 * and imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** Where the active project setting came from, in the ZenML client's order of precedence. */
export type ActiveProjectSource = 'environment' | 'repository' | 'global' | 'none';

export interface ActiveProjectInfo {
  /** The workspace folder this resolution is for. */
  folderUri: string;
  source: ActiveProjectSource;
  /** The configured value: a project name or UUID (undefined when `source` is 'none'). */
  value?: string;
  /** The file the value came from, or the environment variable's name. */
  origin?: string;
  /** The ZenML repository root (`ZENML_REPOSITORY_PATH` or the nearest folder with `.zen/`). */
  repositoryRoot?: string;
  /** The project ID (ZenML `name`): the value itself, or the name mapped from its UUID. */
  projectId?: string;
  /** The project's UUID, when the value is one or the client's map knows it. */
  uuid?: string;
  /** Project files of the workspace that define `projectId`. */
  definedIn: string[];
  /** Problems met on the way (a config that is not YAML, unreadable...), said once each. */
  problems: string[];
}

export interface ActiveProjectParams {
  /** Limit the answer to one folder; all folders when absent. */
  folderUri?: string;
}

/** Client → server: the active project of each workspace folder. */
export const ActiveProjectRequest = new RequestType<ActiveProjectParams, ActiveProjectInfo[], void>('zenmlProjects/activeProject');

/** Server → client: the active project changed (a config file, the workspace, the UUID map). */
export const ActiveProjectChangedNotification = new NotificationType<{ projects: ActiveProjectInfo[] }>('zenmlProjects/activeProjectChanged');

export interface ProjectUuid {
  uuid: string;
  /** The project's `name` (Project ID). */
  id: string;
}

/** Client → server: the connected workspace's projects, so that UUIDs resolve to IDs. */
export const ProjectUuidsNotification = new NotificationType<{ projects: ProjectUuid[] }>('zenmlProjects/projectUuids');

/** The command a code lens uses to make a project file's project the active one. */
export const SET_ACTIVE_PROJECT_COMMAND = 'zenmlProjects.setActiveProject';

export interface SetActiveProjectArgs {
  projectId: string;
  /** The project file's URI. */
  uri: string;
}
