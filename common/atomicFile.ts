/**
 * Writes a file so that readers see the old content or the new, never half of it: a temporary
 * file in the same folder, flushed, then renamed over the original.
 *
 * A rename replaces whatever the name points at, so the path is looked at first (writeTarget):
 * a symbolic link is written through (its target is replaced, the link stays: a dotfiles repo's
 * link keeps working), and a path that is not a regular file — `/dev/stdout`, `/dev/null`, a
 * named pipe — is written to directly, as a shell's `>` does (renaming over `/dev/null` as root
 * would replace the device with a file). A folder is refused.
 */
import { closeSync, fsyncSync, lstatSync, openSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/**
 * How `file` is to be written: `atomic` at `path` (a regular file, a link to one — `path` is the
 * link's target —, or a new file), or `direct` (a device, pipe or socket, or a link that points
 * nowhere yet). Throws for a folder (`code` 'EISDIR'), with a sentence that says so.
 */
export function writeTarget(file: string): { kind: 'atomic' | 'direct'; path: string } {
  const link = lstatSync(file, { throwIfNoEntry: false });
  if (!link) return { kind: 'atomic', path: file };
  const target = statSync(file, { throwIfNoEntry: false });
  // A link to nothing: writing through it creates its target.
  if (!target) return { kind: 'direct', path: file };
  if (target.isDirectory()) throw Object.assign(new Error(`${file} is a folder; nothing was written. Name a file.`), { code: 'EISDIR' });
  if (!target.isFile()) return { kind: 'direct', path: file };
  return { kind: 'atomic', path: link.isSymbolicLink() ? realpathSync(file) : file };
}

/**
 * Whether `file` holds a regular file's content to update in place (a regular file, or a link
 * to one): `/dev/stdout` or a pipe is written to but never read, since reading it would wait for
 * input that never comes.
 */
export function isRegularFile(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
}

/**
 * Writes `content` to `file` (see the module comment). `mode` defaults to the existing file's
 * (a rewrite must not change who may read it), else 0644. Throws the file system's error, or
 * writeTarget's for a folder.
 */
export function writeFileAtomic(file: string, content: string, mode?: number): void {
  const target = writeTarget(file);
  if (target.kind === 'direct') {
    writeFileSync(target.path, content);
    return;
  }
  file = target.path;
  mode ??= statSync(file, { throwIfNoEntry: false })?.mode ?? 0o644;
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(tmp, file);
  try {
    const dfd = openSync(dirname(file), 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Directories cannot be fsynced on every platform; the rename itself is atomic.
  }
}

