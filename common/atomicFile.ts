/**
 * Writes a file so that readers see the old content or the new, never half of it: a temporary
 * file in the same folder, flushed, then renamed over the original.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';

/** `mode` defaults to the existing file's (a rewrite must not change who may read it), else 0644. */
export function writeFileAtomic(file: string, content: string, mode?: number): void {
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
