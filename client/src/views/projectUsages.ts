/**
 * The usage counts on the tree's project rows (pipelines, runs, artifacts and their versions,
 * models, runs of the last 30 days, the newest run — what the caller's role lets them read), read
 * with the use case the CLI's `usage` runs
 * (`core/sync/projectUsage.ts`). A project's counts are read when its row is first drawn — never
 * for rows the tree does not show — a few projects at a time, and kept per workspace and project
 * until `clear()` (the tree's Refresh). A failed read is kept too: the row is drawn without
 * counts, the tooltip says why, and the log says it once, not on every drawing.
 */
import pLimit from 'p-limit';
import type { Project } from '../../../common/api/types';
import type { ZenmlApi } from '../../../common/api/zenmlApi';
import { redact } from '../../../common/redaction';
import { readProjectUsage, type ProjectUsage } from '../../../core/sync/projectUsage';
import { log } from '../log';

/**
 * Projects read at once. Each read is six requests (statistics and five list totals), so this
 * keeps about 24 requests in flight however many rows a page draws (up to 1,000).
 */
export const USAGE_READS_IN_FLIGHT = 4;

export type UsageState =
  | { kind: 'reading' }
  | { kind: 'read'; usage: ProjectUsage }
  /** `message`: the workspace's sentence, redacted. */
  | { kind: 'failed'; message: string };

export class ProjectUsages {
  private readonly entries = new Map<string, UsageState>();
  private limit = pLimit(USAGE_READS_IN_FLIGHT);
  private controller = new AbortController();
  /** Whether a failed read was logged as a warning since the last clear(); later ones go to the debug level. */
  private warned = false;

  /**
   * What is known of a project's usage on `api`'s workspace. When nothing is, starts reading it
   * (once, queued behind the reads in flight) and calls `onSettled` when it is read or has failed
   * — not when it was dropped by clear().
   */
  of(api: ZenmlApi, project: Project, onSettled: () => void): UsageState {
    const key = `${api.url}\n${project.id}`;
    const known = this.entries.get(key);
    if (known) return known;
    const reading: UsageState = { kind: 'reading' };
    this.entries.set(key, reading);
    const signal = this.controller.signal;
    void this.limit(async () => {
      if (signal.aborted) return;
      let state: UsageState;
      try {
        // By ID where it has one: the workspace's sentences then name the project as users know it.
        state = { kind: 'read', usage: await readProjectUsage(api, project.name ?? project.id, new Date(), undefined, signal) };
      } catch (e) {
        if (signal.aborted) return;
        const message = redact(e instanceof Error ? e.message : String(e));
        state = { kind: 'failed', message };
        const line = `Usage counts of project '${project.name ?? project.id}' could not be read: ${message}`;
        // Hundreds of rows may fail alike (an older server without statistics): one warning, the rest at debug level.
        if (this.warned) log().debug(line);
        else log().warn(line);
        this.warned = true;
      }
      if (signal.aborted || this.entries.get(key) !== reading) return;
      this.entries.set(key, state);
      onSettled();
    });
    return reading;
  }

  /** Forgets one project's counts (after a change to what it holds), so that its row reads them again; a read in flight for it is dropped. */
  forget(api: ZenmlApi, projectUuid: string): void {
    this.entries.delete(`${api.url}\n${projectUuid}`);
  }

  /** Forgets every count (and failure), drops the queued reads and aborts those in flight. */
  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.limit.clearQueue();
    this.limit = pLimit(USAGE_READS_IN_FLIGHT);
    this.entries.clear();
    this.warned = false;
  }
}
