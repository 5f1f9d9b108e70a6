/**
 * Which ZenML config file decides a folder's active project when it is set, as
 * `zenml project set` chooses it: the repository's `.zen/config.yaml` when the folder is inside
 * a ZenML repository, else the global config. And whether `ZENML_ACTIVE_PROJECT_ID` overrides
 * whatever is written. Pure: the environment, the platform and a directory test are passed in.
 * The editor asks for it (ConfigTargetRequest) so that it writes the file this server reads:
 * both resolve a relative `ZENML_CONFIG_PATH` against the folder, as a terminal there would.
 */
import type { ConfigTarget } from '../../../common/protocol';
import { findRepositoryRoot, globalConfigPath, repositoryConfigPath, ZenmlEnv, type Environment } from '../../../common/zenml/zenmlPaths';

export type { ConfigTarget };

export function configTarget(folder: string, env: Environment, isDirectory: (p: string) => boolean, platform: NodeJS.Platform, homedir: string): ConfigTarget {
  // An empty variable is "not set" for ZenML's client.
  const overriddenBy = env[ZenmlEnv.activeProjectId]?.trim() || undefined;
  const root = findRepositoryRoot(folder, env, isDirectory, platform);
  if (root) return { scope: 'repository', file: repositoryConfigPath(root, platform), repositoryRoot: root, overriddenBy };
  return { scope: 'global', file: globalConfigPath(env, platform, homedir, folder), overriddenBy };
}
