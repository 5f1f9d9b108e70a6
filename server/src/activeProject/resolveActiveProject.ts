/**
 * The active project of one workspace folder, resolved in the ZenML client's order:
 * `ZENML_ACTIVE_PROJECT_ID` → the repository's `.zen/config.yaml` → the global `config.yaml` →
 * none. A config file that cannot be used (unreadable, not YAML, not a mapping) is reported in
 * `problems` and resolution falls through to the next source.
 */
import type { ActiveProjectInfo, ActiveProjectSource } from '../../../common/protocol';
import { canonicalUuid, projectIdOfUuid, uuidOfProjectId } from '../../../common/zenml/projectUuid';
import { ACTIVE_PROJECT_KEY, readZenConfigFile, type ZenConfigRole } from '../../../common/zenml/zenConfigFile';
import {
  displayPath,
  findRepositoryRoot,
  globalConfigPath,
  repositoryConfigPath,
  ZenmlEnv,
  type Environment,
} from '../../../common/zenml/zenmlPaths';

export interface ProjectFileRef {
  uri: string;
  /** The project ID the file defines. */
  id: string;
}

export interface ActiveProjectInputs {
  /** Returned as is in the answer, so that the client can tell folders apart. */
  folderUri: string;
  /** The folder on disk; the ZenML client would run from it (a terminal of the workspace). */
  folderPath: string;
  env: Environment;
  platform: NodeJS.Platform;
  homedir: string;
  /** Reads a file as UTF-8; throws like node:fs (`ENOENT` = no such file). */
  readFile: (path: string) => string;
  isDirectory: (path: string) => boolean;
  /** The connected workspace's projects, UUID → project ID (empty until the client connects). */
  uuidToId: ReadonlyMap<string, string>;
  /** The workspace's project files and the ID each defines. */
  projectFiles: readonly ProjectFileRef[];
}

export function resolveActiveProject(inputs: ActiveProjectInputs): ActiveProjectInfo {
  const { folderUri, folderPath, env, platform, homedir, readFile, isDirectory } = inputs;
  const problems: string[] = [];
  const repositoryRoot = findRepositoryRoot(folderPath, env, isDirectory, platform);
  const shown = (file: string) => displayPath(file, homedir, platform);

  const answer = (source: ActiveProjectSource, value?: string, origin?: string): ActiveProjectInfo => {
    const identity = value === undefined ? {} : identify(value, inputs.uuidToId);
    const projectId = identity.projectId;
    return {
      folderUri,
      source,
      value,
      origin,
      repositoryRoot,
      projectId,
      uuid: identity.uuid,
      definedIn: projectId === undefined ? [] : inputs.projectFiles.filter((f) => f.id === projectId).map((f) => f.uri),
      problems: [...new Set(problems)],
    };
  };

  // ZenML ignores the variable when it is empty.
  const fromEnvironment = env[ZenmlEnv.activeProjectId];
  if (fromEnvironment) return answer('environment', fromEnvironment, ZenmlEnv.activeProjectId);

  const fromFile = (file: string, role: ZenConfigRole): string | undefined => {
    const reading = readZenConfigFile(file, role, readFile, shown(file));
    if (reading.problem) problems.push(reading.problem);
    const value = reading.activeProjectId;
    if (value !== undefined && canonicalUuid(value) === undefined) {
      // Both config models type the field as a UUID: the client fails on anything else.
      problems.push(
        `${shown(file)} sets ${ACTIVE_PROJECT_KEY} to '${value}', which is not a UUID: the ZenML client cannot load the ${role}. ` +
          `Run \`zenml project set ${value}\` to write the project's UUID instead.`,
      );
    }
    return value;
  };

  if (repositoryRoot !== undefined) {
    const file = repositoryConfigPath(repositoryRoot, platform);
    const value = fromFile(file, 'repository config');
    if (value !== undefined) return answer('repository', value, file);
  }

  const globalFile = globalConfigPath(env, platform, homedir, folderPath);
  const value = fromFile(globalFile, 'global config');
  if (value !== undefined) return answer('global', value, globalFile);

  return answer('none');
}

/** A configured value as a project ID and UUID, whichever of them is known. */
function identify(value: string, uuidToId: ReadonlyMap<string, string>): { projectId?: string; uuid?: string } {
  const uuid = canonicalUuid(value);
  if (uuid !== undefined) return { projectId: projectIdOfUuid(uuid, uuidToId), uuid };
  return { projectId: value, uuid: uuidOfProjectId(value, uuidToId) };
}
