/**
 * The messages between the extension and the language server beyond standard LSP, declared once
 * and imported by both sides.
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { ProjectFileReading } from '../core/sync/projectFileReading';

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

/**
 * One project file of the workspace as the language server holds it (open or on disk; decided by
 * core/projectFile/projectFileRule.ts). The editor keeps no index of its own.
 */
export interface ProjectFileInfo {
  uri: string;
  /** The Project ID it declares; absent while `id` is missing or not text. */
  id?: string;
  /** Its `workspace:` (the ZenML Pro workspace it belongs to); absent when it names none. */
  workspace?: string;
  /** How many errors it has (those of the Problems panel, `duplicate-project-id` included). */
  errors: number;
  /** The user named it (the `zenmlProjects.projectFiles` globs) rather than it being found by its name. */
  named: boolean;
}

/** Client → server: every project file of the workspace, in URI order. */
export const ProjectFilesRequest = new RequestType<Record<string, never>, ProjectFileInfo[], void>('zenmlProjects/projectFiles');

/** Server → client: the project files changed (one added or removed, its ID, workspace or error count). */
export const ProjectFilesChangedNotification = new NotificationType<{ files: ProjectFileInfo[] }>('zenmlProjects/projectFilesChanged');

export interface ProjectFileParams {
  uri: string;
  /**
   * The document version the client holds. The server answers with the version it read: requests
   * follow the document's changes on the wire, so the two differ only when the file is not open.
   */
  version?: number;
  /** The user named this file (picked it, ran a command on it): read it even if it does not look like one. */
  named?: boolean;
  /** The editor's text, for a file the server does not hold open (one outside the document selector, unsaved). */
  text?: string;
}

export type ProjectFileAnswer =
  /** Not a project file (by the one rule), or not found. */
  | { kind: 'notProjectFile' }
  /** Read at `version` (null: from disk). */
  | { kind: 'read'; version: number | null; reading: ProjectFileReading };

/** Client → server: a project file's spec and layout, or its errors (core/projectFile/projectFile.ts). */
export const ProjectFileRequest = new RequestType<ProjectFileParams, ProjectFileAnswer, void>('zenmlProjects/projectFile');

/** Which ZenML config file a folder's active project is written to, as `zenml project set` chooses it. */
export type ConfigTarget =
  | { scope: 'repository'; file: string; repositoryRoot: string; overriddenBy?: string }
  | { scope: 'global'; file: string; overriddenBy?: string };

export interface ConfigTargetParams {
  /** The workspace folder; without one, the global config. */
  folderUri?: string;
}

/**
 * Client → server: where to write a folder's active project. The server resolves the active project
 * from the same files, so both sides agree (a relative `ZENML_CONFIG_PATH` included). `overriddenBy`
 * is the value of `ZENML_ACTIVE_PROJECT_ID` when it is set: it wins over whatever is written.
 */
export const ConfigTargetRequest = new RequestType<ConfigTargetParams, ConfigTarget, void>('zenmlProjects/configTarget');

/**
 * Client → server: the client signed out of (or lost) its workspace. The server forgets the UUID
 * map and stops answering as if connected (no `unknown-active-project` warnings, IDs resolved by name).
 */
export const SignedOutNotification = new NotificationType<Record<string, never>>('zenmlProjects/signedOut');
