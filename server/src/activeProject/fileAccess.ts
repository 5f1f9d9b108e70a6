/**
 * The file-system access the active-project resolution needs, backed by node:fs. The resolution
 * itself takes these as functions so that it stays a pure core.
 */
import { statSync } from 'node:fs';
import { readRegularFileSync } from '../../../common/regularFile';

/** ZenML's config files hold a few keys; anything over 1 MiB is not one. */
const CONFIG_MAX_BYTES = 1024 * 1024;

export interface FileAccess {
  /** The file as UTF-8 text; throws node:fs errors (`ENOENT`, `EACCES`, `EISDIR`...) or UnreadableFileError. */
  readFile: (path: string) => string;
  /** Whether `path` is a directory (false when it does not exist or cannot be examined). */
  isDirectory: (path: string) => boolean;
}

export const nodeFileAccess: FileAccess = {
  // Config files are small; a named pipe or a device in their place is refused, never read.
  readFile: (path) => readRegularFileSync(path, CONFIG_MAX_BYTES),
  isDirectory: (path) => {
    try {
      return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
    } catch {
      // ZenML's isdir answers False for a path it cannot examine (EACCES, ENOTDIR...).
      return false;
    }
  },
};
