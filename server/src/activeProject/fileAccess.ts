/**
 * The file-system access the active-project resolution needs, backed by node:fs. The resolution
 * itself takes these as functions so that it stays a pure core.
 */
import { readFileSync, statSync } from 'node:fs';

export interface FileAccess {
  /** The file as UTF-8 text; throws node:fs errors (`ENOENT`, `EACCES`, `EISDIR`...). */
  readFile: (path: string) => string;
  /** Whether `path` is a directory (false when it does not exist or cannot be examined). */
  isDirectory: (path: string) => boolean;
}

export const nodeFileAccess: FileAccess = {
  readFile: (path) => readFileSync(path, 'utf8'),
  isDirectory: (path) => {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      // ZenML's isdir answers False for a path it cannot examine (EACCES, ENOTDIR...).
      return false;
    }
  },
};
