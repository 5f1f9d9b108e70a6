/**
 * Follows project files and ZenML config files on disk for clients that cannot watch files for the
 * server (no dynamic registration of `workspace/didChangeWatchedFiles`): without it, a `git
 * checkout` that adds, removes or renames project files would leave workspace-wide checks stale.
 * Uses chokidar, with the same skipped folders as the start-up scan; events arrive in batches
 * shaped like the client's `didChangeWatchedFiles`, so the workspace handles both the same way.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { watch, type FSWatcher } from 'chokidar';
import { SKIPPED_FOLDERS } from '../../../core/projectFile/findProjectFiles';
import { FileChange } from './projectWorkspace';

export interface WatchedChange {
  uri: string;
  type: FileChange;
}

/** Watches `folders`; calls `changed` with the events of each quiet moment (50 ms), in order. */
export class ProjectFileWatcher {
  private watcher: FSWatcher | undefined;
  private pending: WatchedChange[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    /** Whether a path is worth reporting: a project file by name or glob, or a ZenML config. */
    private readonly relevant: (filePath: string) => boolean,
    private readonly changed: (changes: WatchedChange[]) => void,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * (Re)starts watching exactly these folders; resolves once the watches are in place, so that a
   * scan started after it misses no change.
   */
  watch(folders: readonly string[]): Promise<void> {
    void this.watcher?.close();
    this.watcher = undefined;
    if (!folders.length) return Promise.resolve();
    const w = watch([...folders], {
      ignoreInitial: true,
      // Skipped folders are never entered; other paths are filtered when an event arrives.
      ignored: (p: string) => SKIPPED_FOLDERS.has(path.basename(p)),
      awaitWriteFinish: false,
    });
    const on = (type: FileChange) => (p: string) => {
      if (!this.relevant(p)) return;
      this.pending.push({ uri: pathToFileURL(p).href, type });
      this.timer ??= setTimeout(() => this.flush(), 50);
    };
    w.on('add', on(FileChange.Created));
    w.on('change', on(FileChange.Changed));
    w.on('unlink', on(FileChange.Deleted));
    w.on('error', (e) => this.log(`Watching project files: ${(e as Error).message}`));
    this.watcher = w;
    return new Promise((resolve) => {
      w.once('ready', () => resolve());
      w.once('error', () => resolve());
    });
  }

  private flush(): void {
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.changed(batch);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.watcher?.close();
    this.watcher = undefined;
  }
}
