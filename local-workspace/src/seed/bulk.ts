/**
 * Fills a workspace with many projects and runs in one transaction of batched inserts, for the
 * benchmark and for trying the server at scale. The same schema, triggers and indexes as API
 * writes apply; only the per-request work (HTTP, validation, access checks) is skipped.
 */
import { newId } from '../api/ids';
import { Workspace } from '../api/workspace';
import { bootstrap } from '../bootstrap';
import { WorkspaceDatabase, type SqlValue } from '../db/database';
import { formatTimestamp } from '../api/time';

export interface BulkSeedOptions {
  projects: number;
  runs: number;
  /** Projects that get most runs (half of them), the rest are spread evenly. */
  busyProjects?: number;
}

export interface BulkSeedResult {
  projectNames: string[];
  busyProjectNames: string[];
  /** The words that display names are made of (for substring filters). */
  words: readonly string[];
}

const WORDS = [
  'fraud', 'churn', 'ranking', 'vision', 'speech', 'forecast', 'pricing', 'search', 'anomaly', 'credit',
  'retail', 'health', 'energy', 'traffic', 'weather', 'supply', 'claims', 'support', 'ads', 'music',
] as const;
const STATUSES = ['completed', 'completed', 'completed', 'failed', 'running', 'cached', 'queued'];
const ROWS_PER_STATEMENT = 200;

export function bulkSeed(dataDir: string, opts: BulkSeedOptions): BulkSeedResult {
  const db = WorkspaceDatabase.open(dataDir);
  try {
    const ws = new Workspace(db);
    const { adminId } = bootstrap(ws, dataDir);
    const busy = Math.min(opts.busyProjects ?? 100, opts.projects);
    const projects: { id: string; name: string }[] = [];
    const base = Date.UTC(2025, 0, 1);
    let tick = 0;
    const stamp = () => formatTimestamp(new Date(base + tick++ * 1000));

    db.transaction(() => {
      const projectRows: SqlValue[][] = [];
      for (let i = 0; i < opts.projects; i++) {
        const name = `project-${String(i).padStart(5, '0')}`;
        const words = `${WORDS[i % WORDS.length]} ${WORDS[(i * 7 + 3) % WORDS.length]}`;
        const ts = stamp();
        const id = newId();
        projects.push({ id, name });
        projectRows.push([id, name, `Project ${String(i).padStart(5, '0')} ${words}`, `Bulk project ${i}`, adminId, ts, ts]);
      }
      insertBatched(db, 'projects', ['id', 'name', 'display_name', 'description', 'created_by', 'created', 'updated'], projectRows);

      const pipelineRows: SqlValue[][] = [];
      const pipelineOf = new Map<string, string>();
      for (const p of projects) {
        const id = newId();
        pipelineOf.set(p.id, id);
        const ts = stamp();
        pipelineRows.push([id, p.id, adminId, 'training', '', ts, ts]);
      }
      insertBatched(db, 'pipelines', ['id', 'project_id', 'user_id', 'name', 'description', 'created', 'updated'], pipelineRows);

      // Half the runs go to the busy projects, the rest round-robin over all of them.
      const busyRuns = Math.floor(opts.runs / 2);
      let batch: SqlValue[][] = [];
      const flush = () => {
        insertBatched(db, 'pipeline_runs', ['id', 'project_id', 'user_id', 'pipeline_id', 'name', 'status', 'start_time', 'config', 'created', 'updated'], batch);
        batch = [];
      };
      for (let r = 0; r < opts.runs; r++) {
        const project = r < busyRuns ? projects[r % busy] : projects[r % projects.length];
        const ts = stamp();
        batch.push([newId(), project.id, adminId, pipelineOf.get(project.id)!, `training-${r}`, STATUSES[r % STATUSES.length], ts, '{}', ts, ts]);
        if (batch.length >= 10_000) flush();
      }
      if (batch.length) flush();
    });
    return { projectNames: projects.map((p) => p.name), busyProjectNames: projects.slice(0, busy).map((p) => p.name), words: WORDS };
  } finally {
    db.close();
  }
}

function insertBatched(db: WorkspaceDatabase, table: string, columns: string[], rows: SqlValue[][]): void {
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    db.run(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${chunk.map(() => one).join(', ')}`, chunk.flat());
  }
}
