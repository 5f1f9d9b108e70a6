/**
 * Reading a file that something else named (a watched-file event, a folder walk, a config path)
 * without trusting what it is: only a regular file is read, only up to a size limit, and opening
 * never blocks. `fs.readFile` on a named pipe (FIFO) blocks one of libuv's four file threads until
 * a writer comes — after four, no file is ever read again — and on `/dev/zero` never ends.
 *
 * The file is opened with O_NONBLOCK (a FIFO opens at once), then checked with fstat on the open
 * handle, so a file swapped between a check and the read is still checked.
 */
import { closeSync, constants, fstatSync, openSync, promises as fsp, readSync, type Stats } from 'node:fs';

/** Larger files are not read: 64 MiB, far above any project or config file (the engine stops at 5 MB). */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Raised for a folder (`code` 'EISDIR', as fs.readFile says), another file that is not a regular
 * file ('ENOTREG'), or a file over the limit ('EFBIG').
 */
export class UnreadableFileError extends Error {
  constructor(
    readonly code: 'EISDIR' | 'ENOTREG' | 'EFBIG',
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}

// O_NONBLOCK does not exist on Windows, where opening a pipe by path is not how pipes work.
const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a file that is not a regular file is, in words: 'a folder', 'a named pipe'... */
export function describeFileKind(s: Stats): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function check(file: string, s: Stats, maxBytes: number): void {
  if (s.isDirectory()) throw new UnreadableFileError('EISDIR', file, `${file} is a folder, not a file; it was not read`);
  if (!s.isFile()) throw new UnreadableFileError('ENOTREG', file, `${file} is ${describeFileKind(s)}, not a regular file; it was not read`);
  if (s.size > maxBytes) throw new UnreadableFileError('EFBIG', file, `${file} has ${s.size} bytes, more than the ${maxBytes} read; it was not read`);
}

/**
 * The reading loop both drivers share: yields a buffer to fill, takes the bytes read (0 at the
 * end), returns the text. Never reads past the limit, though the file may grow meanwhile.
 */
function* reading(file: string, size: number, maxBytes: number): Generator<Buffer, string, number> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(Math.min(Math.max(size - total + 1, 1 << 16), maxBytes + 1 - total, 1 << 24));
    const bytesRead = yield buffer;
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw new UnreadableFileError('EFBIG', file, `${file} has more than the ${maxBytes} bytes read; it was not read`);
  }
  return Buffer.concat(chunks, total).toString('utf8');
}

/** The text (UTF-8) of a regular file of at most `maxBytes`; throws node:fs errors or UnreadableFileError. */
export async function readRegularFile(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  const handle = await fsp.open(file, FLAGS);
  try {
    const s = await handle.stat();
    check(file, s, maxBytes);
    const loop = reading(file, s.size, maxBytes);
    for (let step = loop.next(); ; ) {
      if (step.done) return step.value;
      step = loop.next((await handle.read(step.value, 0, step.value.length, null)).bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** `readRegularFile`, synchronously (for small config files read on the spot). */
export function readRegularFileSync(file: string, maxBytes = DEFAULT_MAX_BYTES): string {
  const fd = openSync(file, FLAGS);
  try {
    const s = fstatSync(fd);
    check(file, s, maxBytes);
    const loop = reading(file, s.size, maxBytes);
    for (let step = loop.next(); ; ) {
      if (step.done) return step.value;
      step = loop.next(readSync(fd, step.value, 0, step.value.length, null));
    }
  } finally {
    closeSync(fd);
  }
}
