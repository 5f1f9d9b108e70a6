/**
 * Local workspaces that form one organization: each one started with the same `--organization
 * DIR` puts a small file there while it runs (its ID, name and URL, and its process), so that
 * the Pro API of each lists all of them as the organization's workspaces, as ZenML Pro's
 * `GET /workspaces` does. Without a folder a workspace is an organization of one.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One running workspace of the organization. */
export interface OrganizationMember {
  id: string;
  name: string;
  url: string;
  pid: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class OrganizationDirectory {
  private readonly file: string;

  constructor(
    readonly dir: string,
    private readonly self: Omit<OrganizationMember, 'pid'>,
  ) {
    this.file = join(dir, `${self.id}.json`);
  }

  /** Announces this workspace (mode 0600 files in a 0700 folder: URLs only, no credentials). */
  join(): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify({ ...this.self, pid: process.pid }), { mode: 0o600 });
    renameSync(temporary, this.file);
  }

  leave(): void {
    rmSync(this.file, { force: true });
  }

  /** The workspaces running now, this one first; entries of stopped processes are skipped. */
  members(): OrganizationMember[] {
    const others: OrganizationMember[] = [];
    let names: string[] = [];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      // The folder is gone: only this workspace is known.
    }
    for (const n of names) {
      try {
        const m = JSON.parse(readFileSync(join(this.dir, n), 'utf8')) as OrganizationMember;
        if (m.id === this.self.id || typeof m.url !== 'string' || typeof m.name !== 'string' || !Number.isInteger(m.pid) || !alive(m.pid)) continue;
        others.push({ id: String(m.id), name: m.name, url: m.url, pid: m.pid });
      } catch {
        // A file being written, or not ours: skipped.
      }
    }
    return [{ ...this.self, pid: process.pid }, ...others.sort((a, b) => a.name.localeCompare(b.name))];
  }
}
