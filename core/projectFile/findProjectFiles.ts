/** Finds project files under a folder: by default `project.yaml`/`project.yml`, or as `accept` says. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { isDefaultProjectFileName } from './projectFileMatcher';

/** Folders that never hold a team's project files and can be huge. */
export const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', '.venv', 'venv', '__pycache__']);

/**
 * The files under `folder` that `accept` takes, in name order within each folder (folders and
 * files interleaved by name; names compared by code unit, as git sorts them, so that the order is
 * the same on every machine whatever its locale). Sibling folders are read side by side: one
 * after the other, a monorepo's thousand folders spend most of the walk waiting for the disk.
 * A symbolic link to a file is taken like the file (a shared project.yaml linked into a
 * project's folder); links to folders are not followed, as git and ripgrep do not by default.
 * A subfolder that cannot be read is skipped and passed to `unreadable` (the CLI reports it); an
 * unreadable `folder` rejects.
 */
export async function findProjectFiles(
  folder: string,
  accept: (filePath: string) => boolean = isDefaultProjectFileName,
  unreadable: (folder: string, error: Error) => void = () => undefined,
): Promise<string[]> {
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const found = await Promise.all(
      entries.map(async (e): Promise<string[]> => {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
          if (SKIPPED_FOLDERS.has(e.name)) return [];
          return walk(p).catch((err: Error) => {
            unreadable(p, err);
            return [];
          });
        }
        if (!accept(p)) return [];
        if (e.isFile()) return [p];
        // A link: taken when it leads to a regular file.
        if (e.isSymbolicLink()) return (await fs.stat(p).catch(() => undefined))?.isFile() ? [p] : [];
        return [];
      }),
    );
    return found.flat();
  };
  return walk(folder);
}
