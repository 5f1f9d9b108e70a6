/**
 * One server per data folder. SQLite's lock (node-sqlite3-wasm locks with a `<db>.lock`
 * directory) stays behind when a server is killed, so we keep our own owner file that names the
 * process: a later start can tell a live owner (refuse) from a dead one (clear both and go on).
 *
 * A process ID alone is not an identity: after a kill or a reboot the ID is reused by unrelated
 * processes. Where the system tells (Linux's /proc), the owner file also records the boot and the
 * process's start time (`/proc/<pid>/stat` field 22, proc(5)); a live process with the owner's ID
 * but another start time, or from another boot, is not the owner.
 */
import { closeSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The workspace data folder ${dataDir} is in use by another local workspace server (process ${pid}). ` +
        'Stop that server first, or start this one with --data pointing at another folder.',
    );
    this.name = 'DataDirInUseError';
  }
}

interface OwnerRecord {
  pid: number;
  host: string;
  started: string;
  /** Linux: the boot ID and the process's start time in clock ticks since boot. */
  bootId?: string;
  startTicks?: string;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The start time of process `pid` in clock ticks since boot (Linux), or undefined. */
export function processStartTicks(pid: number | 'self'): string | undefined {
  const stat = readText(`/proc/${pid}/stat`);
  if (!stat) return undefined;
  // The command name (field 2) is in parentheses and may hold spaces or ')': fields go on after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19]; // field 22 overall: starttime
}

function bootId(): string | undefined {
  return readText('/proc/sys/kernel/random/boot_id')?.trim();
}

/** Processes of this run that hold a lock: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export class OwnerLock {
  private released = false;

  private constructor(private readonly file: string) {}

  /**
   * Takes the folder for this process. `sqliteLockDir` is the SQLite lock a dead owner may have
   * left; it is removed only after the owner is known to be gone.
   */
  static acquire(dataDir: string, file: string, sqliteLockDir: string): OwnerLock {
    if (heldHere.has(file)) throw new DataDirInUseError(dataDir, process.pid);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(file, 'wx', 0o600);
        try {
          const record: OwnerRecord = { pid: process.pid, host: hostname(), started: new Date().toISOString(), bootId: bootId(), startTicks: processStartTicks('self') };
          writeSync(fd, JSON.stringify(record) + '\n');
        } finally {
          closeSync(fd);
        }
        heldHere.add(file);
        return new OwnerLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const owner = readOwner(file);
      if (owner && ownerIsAlive(owner)) throw new DataDirInUseError(dataDir, owner.pid);
      // The previous owner is gone (killed, crashed, power loss): its locks are stale.
      rmSync(file, { force: true });
      rmSync(sqliteLockDir, { recursive: true, force: true });
    }
    throw new Error(`Could not take the lock file ${file}; another process keeps recreating it.`);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.file);
    try {
      unlinkSync(this.file);
    } catch {
      // Already gone: nothing to release.
    }
  }
}

function readOwner(file: string): OwnerRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<OwnerRecord>;
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') return parsed as OwnerRecord;
  } catch {
    // Unreadable or half-written (the owner died while writing it): treat as stale.
  }
  return undefined;
}

function ownerIsAlive(owner: OwnerRecord): boolean {
  // A lock taken on another machine (a shared folder) cannot be checked: assume it is live.
  if (owner.host !== hostname()) return true;
  // Our own pid without our own record (heldHere) is a previous life of this pid: stale.
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // A process with that ID lives: is it the owner, or an unrelated one that got the ID since?
  if (owner.bootId && owner.startTicks) {
    const boot = bootId();
    if (boot && boot !== owner.bootId) return false;
    const ticks = processStartTicks(owner.pid);
    if (ticks !== undefined && ticks !== owner.startTicks) return false;
  }
  return true;
}
