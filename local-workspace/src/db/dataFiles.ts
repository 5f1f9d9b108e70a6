/**
 * The files of a data folder, checked before they are opened: each must be what it is meant to
 * be (the folder a folder, the database, its log, the lock and the key regular files), so that a
 * refusal names the file and says what to do, instead of a raw `EISDIR` — and so that a FIFO or a
 * device in a file's place is never opened (opening a FIFO blocks; reading /dev/zero never ends).
 */
import { lstatSync, mkdirSync, statSync, type Stats } from 'node:fs';
import { describeFileKind } from '../../../common/regularFile';
import { DatabaseFileError } from './database';

/** What a kind of file system error means, in words. */
export function describeFsError(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EDQUOT':
      return 'the disk quota is exhausted';
    case 'ELOOP':
      return 'it is a symbolic link that loops';
    case 'ENAMETOOLONG':
      return 'its path is too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    default:
      return undefined;
  }
}


/** Creates the data folder (mode 0700) if missing; refuses a path that is not a usable folder. */
export function ensureDataFolder(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'EEXIST' ? 'a file of that name is in the way' : (describeFsError(err) ?? (err as Error).message);
    throw new DatabaseFileError(`The data folder ${dataDir} cannot be created or used: ${why}. Move what is in the way, or start the server with --data pointing at another folder.`);
  }
  const s = statSync(dataDir);
  if (!s.isDirectory()) {
    throw new DatabaseFileError(`The data folder ${dataDir} is ${describeFileKind(s)}, not a folder. Move it away, or start the server with --data pointing at another folder.`);
  }
}

/**
 * Refuses `file` when it exists and is not a regular file (following symbolic links). `role` says
 * what the file is for ("the workspace database"); nothing is changed.
 */
export function requireRegularFile(file: string, role: string): void {
  let s: Stats;
  try {
    lstatSync(file);
    s = statSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // Missing is fine, unless it is a dangling symbolic link.
      let dangling = false;
      try {
        dangling = lstatSync(file).isSymbolicLink();
      } catch {
        // Not there at all.
      }
      if (!dangling) return;
      throw new DatabaseFileError(`${file} (${role}) is a symbolic link to nothing. Remove it, or start the server with --data pointing at another folder.`);
    }
    throw new DatabaseFileError(`${file} (${role}) cannot be used: ${describeFsError(err) ?? (err as Error).message}. Fix it, or start the server with --data pointing at another folder.`);
  }
  if (!s.isFile()) {
    throw new DatabaseFileError(`${file} (${role}) is ${describeFileKind(s)}, not a file. It was left untouched: move it away, or start the server with --data pointing at another folder.`);
  }
}
