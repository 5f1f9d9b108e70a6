/**
 * Where the workspace keeps its data when `--data` is not given, following each platform's
 * convention for per-user application data:
 * - Linux and other Unix: `$XDG_DATA_HOME/zenml-projects/workspace`, else `~/.local/share/zenml-projects/workspace`
 * - macOS: `~/Library/Application Support/zenml-projects/workspace`
 * - Windows: `%LOCALAPPDATA%\zenml-projects\workspace`
 */
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (platform === 'win32') {
    const base = env.LOCALAPPDATA || join(home, 'AppData', 'Local');
    return join(base, 'zenml-projects', 'workspace');
  }
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'zenml-projects', 'workspace');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(xdg, 'zenml-projects', 'workspace');
}
