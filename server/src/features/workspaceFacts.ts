/** What features of one file may ask about the rest of the workspace. */
import type { ActiveProjectInfo } from '../../../common/protocol';

export interface WorkspaceFacts {
  /** Users or teams named in the workspace's project files, most used first. */
  subjects(kind: 'user' | 'team'): string[];
  /** Values of `workspace:` in the workspace's project files. */
  workspaces(): string[];
  /** URIs of project files that define a project ID. */
  filesDefining(projectId: string): string[];
  /** The active project of the workspace folder holding `uri`. */
  activeFor(uri: string): ActiveProjectInfo | undefined;
}

export const NO_WORKSPACE: WorkspaceFacts = {
  subjects: () => [],
  workspaces: () => [],
  filesDefining: () => [],
  activeFor: () => undefined,
};
