/**
 * Where the ZenML client looks for its configuration on the user's machine: the global config
 * folder and the repository root. Pure functions of the environment, the platform and a
 * directory test, mirroring ZenML's `io_utils.get_global_config_directory` (which defers to
 * `click.get_app_dir("zenml")`) and `Client.find_repository`.
 */
import * as path from 'node:path';

/** Environment variables the ZenML client reads for these locations and the active project. */
export const ZenmlEnv = {
  configPath: 'ZENML_CONFIG_PATH',
  repositoryPath: 'ZENML_REPOSITORY_PATH',
  activeProjectId: 'ZENML_ACTIVE_PROJECT_ID',
} as const;

/** ZenML's `APP_NAME`, the folder name click derives the config folder from. */
const APP_NAME = 'zenml';
/** ZenML's `REPOSITORY_DIRECTORY_NAME`: the folder `zenml init` creates. */
export const REPOSITORY_DIRECTORY_NAME = '.zen';
/** The file name of both the global and the repository configuration. */
export const CONFIG_FILE_NAME = 'config.yaml';

export type Environment = Readonly<Record<string, string | undefined>>;

/** Path arithmetic of the platform whose paths we compute, not of the machine we run on. */
export function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/**
 * The ZenML global config folder. `ZENML_CONFIG_PATH` wins when set and not empty (ZenML
 * resolves it against the working directory: pass `cwd` to do the same). Otherwise
 * click.get_app_dir("zenml") with its defaults (roaming, not force_posix):
 * - Windows: `%APPDATA%\zenml`, or `~\zenml` when APPDATA is not set at all;
 * - macOS: `~/Library/Application Support/zenml`;
 * - elsewhere: `$XDG_CONFIG_HOME/zenml`, or `~/.config/zenml` when XDG_CONFIG_HOME is not set.
 * Like click, a variable set to the empty string counts as set.
 */
export function globalConfigDirectory(env: Environment, platform: NodeJS.Platform, homedir: string, cwd?: string): string {
  const p = pathApi(platform);
  const configPath = env[ZenmlEnv.configPath];
  if (configPath) return cwd === undefined ? p.normalize(configPath) : p.resolve(cwd, configPath);
  if (platform === 'win32') {
    const appData = env.APPDATA;
    return p.join(appData ?? homedir, APP_NAME);
  }
  if (platform === 'darwin') return p.join(homedir, 'Library', 'Application Support', APP_NAME);
  const xdgConfigHome = env.XDG_CONFIG_HOME;
  return p.join(xdgConfigHome ?? p.join(homedir, '.config'), APP_NAME);
}

/** The global config file: the global config folder's `config.yaml`. */
export function globalConfigPath(env: Environment, platform: NodeJS.Platform, homedir: string, cwd?: string): string {
  return pathApi(platform).join(globalConfigDirectory(env, platform, homedir, cwd), CONFIG_FILE_NAME);
}

/** A repository's config file, `<root>/.zen/config.yaml`. */
export function repositoryConfigPath(repositoryRoot: string, platform: NodeJS.Platform): string {
  return pathApi(platform).join(repositoryRoot, REPOSITORY_DIRECTORY_NAME, CONFIG_FILE_NAME);
}

/**
 * The ZenML repository root for a working folder, as `Client.find_repository` finds it:
 * - `ZENML_REPOSITORY_PATH`, when set and not empty, is the only candidate (relative paths
 *   resolve against `startFolder`, the folder a terminal of this workspace starts in); if it
 *   has no `.zen` directory there is no repository at all: ZenML does not search elsewhere;
 * - otherwise `startFolder` and then each of its ancestors up to the file-system root, the
 *   first that holds a `.zen` directory (a file named `.zen` does not count).
 * Undefined when there is none.
 */
export function findRepositoryRoot(
  startFolder: string,
  env: Environment,
  isDirectory: (path: string) => boolean,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const p = pathApi(platform);
  const isRepository = (folder: string) => isDirectory(p.join(folder, REPOSITORY_DIRECTORY_NAME));
  const explicit = env[ZenmlEnv.repositoryPath];
  if (explicit) {
    const root = p.resolve(startFolder, explicit);
    return isRepository(root) ? root : undefined;
  }
  let folder = p.resolve(startFolder);
  for (;;) {
    if (isRepository(folder)) return folder;
    const parent = p.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** A path as people read it in a message: the home folder shortened to `~` (not on Windows). */
export function displayPath(filePath: string, homedir: string, platform: NodeJS.Platform): string {
  if (platform === 'win32' || !homedir) return filePath;
  const p = pathApi(platform);
  const home = p.resolve(homedir);
  if (filePath === home) return '~';
  return filePath.startsWith(home + p.sep) ? `~${filePath.slice(home.length)}` : filePath;
}
