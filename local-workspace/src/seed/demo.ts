/**
 * `--seed demo`: fills an empty workspace with something worth looking at — projects, users and
 * teams holding each role (and a custom role), pipelines with runs in several states, artifacts
 * with versions (and, in `fraud-detection`, older unused versions worth cleaning up: `CLEANUP`),
 * models with staged versions. Everything goes through the same code paths as API requests,
 * except what no route writes: the older versions' dates and a run's input link. The demo users' passwords (and, in the Pro edition, a personal access token each
 * for the Pro API) are random and written to `<data>/demo-credentials.json` (mode 0600).
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { DefaultRoleId } from '../../../common/roles';
import { writeFileAtomic } from '../../../common/atomicFile';
import { newId } from '../api/ids';
import { createProject, DEFAULT_PROJECT } from '../api/projects';
import { createResourceAs, RUN_STATUSES } from '../api/resources';
import { linkModelVersionArtifactAs } from '../api/modelVersionArtifacts';
import { formatTimestamp, now } from '../api/time';
import { createUser, type UserRow } from '../api/users';
import type { ProjectRow, Workspace } from '../api/workspace';
import type { Caller } from '../http/router';
import { ProCredentials } from '../pro/proCredentials';

export const DEMO_CREDENTIALS_FILE = 'demo-credentials.json';

export interface SeedReport {
  skipped: boolean;
  reason?: string;
  projects: string[];
  users: string[];
  teams: string[];
}

const USERS: { name: string; full_name: string }[] = [
  { name: 'ada', full_name: 'Ada Lovelace' },
  { name: 'grace', full_name: 'Grace Hopper' },
  { name: 'alan', full_name: 'Alan Turing' },
  { name: 'edsger', full_name: 'Edsger Dijkstra' },
  { name: 'barbara', full_name: 'Barbara Liskov' },
  { name: 'ken', full_name: 'Ken Thompson' },
];

const PROJECTS = [
  { name: 'fraud-detection', display_name: 'Fraud Detection', description: 'Card transaction scoring, retrained nightly.' },
  { name: 'recommendations', display_name: 'Recommendations', description: 'Product recommendations for the web shop.' },
  { name: 'churn-prediction', display_name: 'Churn Prediction', description: 'Which subscribers are about to leave.' },
];

const DAY_MS = 86_400_000;

/**
 * The history of `fraud-detection`'s `fraud_features` before its three current versions: what
 * `only_unused` finds (no run produced or consumed it), old and recent, by several creators; one
 * version only a run consumes (used) and one only a model version holds (unused by ZenML's
 * released filter, kept by a careful clean-up). Version N is `CLEANUP.versions[N - 1]`.
 */
export const CLEANUP = {
  project: 'fraud-detection',
  artifact: 'fraud_features',
  versions: [
    { creator: 'ada', ageDays: 200, saveType: 'manual' },
    { creator: 'grace', ageDays: 160, saveType: 'manual' },
    { creator: 'alan', ageDays: 130, saveType: 'manual' },
    { creator: 'ada', ageDays: 125, saveType: 'manual', inputOf: 'batch_inference-run-1' },
    { creator: 'grace', ageDays: 121, saveType: 'manual', modelVersion: 1 },
    { creator: 'barbara', ageDays: 20, saveType: 'manual' },
    { creator: 'alan', ageDays: 3, saveType: 'manual' },
  ] as readonly { creator: string; ageDays: number; saveType: string; inputOf?: string; modelVersion?: number }[],
} as const;

export async function seedDemo(ws: Workspace, dataDir: string): Promise<SeedReport> {
  const db = ws.db;
  const users = Number(db.get<{ n: number }>('SELECT count(*) AS n FROM users')?.n ?? 0);
  const projects = Number(db.get<{ n: number }>('SELECT count(*) AS n FROM projects WHERE name <> ?', [DEFAULT_PROJECT])?.n ?? 0);
  if (users > 1 || projects > 0) {
    return { skipped: true, reason: 'the workspace already has users or projects; the demo only fills an empty one', projects: [], users: [], teams: [] };
  }
  const admin = db.get<UserRow>('SELECT * FROM users WHERE is_admin = 1 ORDER BY created LIMIT 1')!;
  const adminCaller: Caller = { id: admin.id, name: admin.name, isAdmin: true };

  const credentials: { name: string; password: string; personal_access_token?: string }[] = [];
  const byName = new Map<string, Caller>();
  const pro = ws.edition === 'pro' ? new ProCredentials(ws) : undefined;
  for (const u of USERS) {
    const password = randomBytes(12).toString('base64url');
    const row = await createUser(ws, { ...u, email: `${u.name}@example.com`, password, active: true });
    const pat = pro?.issue(row.id, 'personal_access_token', 'demo');
    credentials.push({ name: u.name, password, ...(pat ? { personal_access_token: pat } : {}) });
    byName.set(u.name, { id: row.id, name: row.name, isAdmin: false });
  }
  const who = (name: string) => byName.get(name)!;

  const project = new Map<string, ProjectRow>();
  for (const p of PROJECTS) project.set(p.name, createProject(ws, adminCaller, p));

  const roleId = (id: DefaultRoleId) => db.get<{ id: string }>('SELECT id FROM roles WHERE system_role = ?', [id])!.id;
  const teams = new Map<string, string>();
  db.transaction(() => {
    for (const [name, description, members] of [
      ['ml-platform', 'Builds and runs the training pipelines.', ['grace', 'barbara']],
      ['analysts', 'Read the results and report on them.', ['edsger', 'ken']],
    ] as const) {
      const id = newId();
      const ts = now();
      db.run('INSERT INTO teams (id, name, description, created, updated) VALUES (?, ?, ?, ?, ?)', [id, name, description, ts, ts]);
      for (const m of members) db.run('INSERT INTO team_members (team_id, user_id, created) VALUES (?, ?, ?)', [id, who(m).id, ts]);
      teams.set(name, id);
    }
    // A custom role: runs pipelines and manages runs, reads everything else it needs.
    const operator = newId();
    const ts = now();
    db.run("INSERT INTO roles (id, name, description, system_role, created, updated) VALUES (?, 'Pipeline Operator', ?, NULL, ?, ?)", [
      operator,
      'Starts and manages pipeline runs; reads pipelines, artifacts and models.',
      ts,
      ts,
    ]);
    const perms: [string, string][] = [
      ['pipeline', 'read'],
      ['pipeline_run', 'create'],
      ['pipeline_run', 'read'],
      ['pipeline_run', 'update'],
      ['pipeline_run', 'delete'],
      ['artifact', 'read'],
      ['artifact_version', 'read'],
      ['model', 'read'],
      ['model_version', 'read'],
    ];
    for (const [t, a] of perms) db.run('INSERT INTO role_permissions (role_id, resource_type, action) VALUES (?, ?, ?)', [operator, t, a]);

    const assign = (role: string, projectName: string, subject: { user?: string; team?: string }) =>
      db.run('INSERT INTO role_assignments (id, role_id, project_id, user_id, team_id, created) VALUES (?, ?, ?, ?, ?, ?)', [
        newId(),
        role,
        project.get(projectName)!.id,
        subject.user ? who(subject.user).id : null,
        subject.team ? teams.get(subject.team)! : null,
        now(),
      ]);
    assign(roleId('admin'), 'fraud-detection', { user: 'ada' });
    assign(roleId('developer'), 'fraud-detection', { user: 'alan' });
    assign(roleId('contributor'), 'fraud-detection', { team: 'ml-platform' });
    assign(roleId('viewer'), 'fraud-detection', { team: 'analysts' });
    assign(roleId('admin'), 'recommendations', { user: 'grace' });
    assign(roleId('developer'), 'recommendations', { team: 'ml-platform' });
    assign(roleId('viewer'), 'recommendations', { user: 'edsger' });
    assign(roleId('admin'), 'churn-prediction', { user: 'barbara' });
    assign(operator, 'churn-prediction', { team: 'ml-platform' });
    assign(roleId('contributor'), 'churn-prediction', { user: 'alan' });
    assign(roleId('viewer'), 'churn-prediction', { team: 'analysts' });
    ws.access.refreshMembership();
  });

  const make = (as: Caller, p: string, path: string, body: Record<string, unknown>) => createResourceAs(ws, as, project.get(p)!, path, body);
  const artifactVersion = (as: Caller, p: string, artifactName: string, version: number, extra: Record<string, unknown> = {}) =>
    make(as, p, 'artifact_versions', {
      artifact_name: artifactName,
      version,
      type: 'DataArtifact',
      uri: `s3://demo-bucket/${p}/${artifactName}/${version}`,
      materializer: { module: 'zenml.integrations.pandas.materializers.pandas_materializer', attribute: 'PandasMaterializer', type: 'internal' },
      data_type: { module: 'pandas.core.frame', attribute: 'DataFrame', type: 'distribution_package', package_name: 'pandas' },
      save_type: 'step_output',
      ...extra,
    });
  /** Runs by `project/name`: the producers and consumers of the artifact versions below. */
  const runs = new Map<string, { id: string; status: string }>();
  const plan: Record<string, { owner: string; pipelines: string[]; artifacts: string[]; model: string }> = {
    'fraud-detection': { owner: 'ada', pipelines: ['feature_engineering', 'training', 'batch_inference'], artifacts: ['transactions', 'fraud_features'], model: 'fraud-classifier' },
    recommendations: { owner: 'grace', pipelines: ['embeddings', 'ranking_training'], artifacts: ['interactions', 'item_embeddings'], model: 'ranker' },
    'churn-prediction': { owner: 'barbara', pipelines: ['data_quality', 'churn_training'], artifacts: ['subscribers'], model: 'churn-model' },
  };
  const states = ['completed', 'completed', 'failed', 'running', 'cached', 'queued', 'completed', 'initializing'];
  let tick = 0;
  for (const [p, spec] of Object.entries(plan)) {
    const owner = who(spec.owner);
    for (const pipelineName of spec.pipelines) {
      const pipelineId = make(owner, p, 'pipelines', { name: pipelineName, description: `The ${pipelineName.replace(/_/g, ' ')} pipeline.` });
      for (let i = 0; i < 4; i++) {
        const status = states[tick++ % states.length];
        if (!(RUN_STATUSES as readonly string[]).includes(status)) continue;
        const runName = `${pipelineName}-run-${i + 1}`;
        const id = make(owner, p, 'runs', {
          pipeline_id: pipelineId,
          name: runName,
          status,
          config: { enable_cache: status === 'cached', parameters: { epochs: 10 + i } },
        });
        runs.set(`${p}/${runName}`, { id, status });
      }
    }
    // The current versions of every artifact, each the output of the project's first completed run.
    const producer = [...runs].find(([key, run]) => key.startsWith(`${p}/`) && run.status === 'completed')?.[1].id;
    const current = new Map<string, string>();
    for (const artifactName of spec.artifacts) {
      const first = p === CLEANUP.project && artifactName === CLEANUP.artifact ? CLEANUP.versions.length + 1 : 1;
      for (let v = first; v < first + 3; v++) current.set(`${artifactName}/${v}`, artifactVersion(owner, p, artifactName, v, { producer_run_id: producer }));
    }
    const modelId = make(owner, p, 'models', { name: spec.model, description: `The ${spec.model} model.`, license: 'Apache-2.0' });
    const modelVersionIds: string[] = [];
    for (const stage of ['archived', 'production', 'staging', 'none']) {
      modelVersionIds.push(make(owner, p, 'model_versions', { model: modelId, stage, description: `Version in ${stage}.` }));
    }
    if (p === CLEANUP.project) {
      // The production model holds the newest features it was trained on.
      linkModelVersionArtifactAs(ws, owner, modelVersionIds[1], current.get(`${CLEANUP.artifact}/${CLEANUP.versions.length + 3}`)!);
    }
  }

  // Older versions worth cleaning up (docs/local-workspace.md, "Demo data"), made by several
  // members so that a Contributor's clean-up meets versions it may not delete.
  const fraud = project.get(CLEANUP.project)!;
  const fraudModelVersion = (number: number) =>
    db.get<{ id: string }>("SELECT mv.id FROM model_versions mv JOIN models m ON m.id = mv.model_id WHERE m.project_id = ? AND m.name = 'fraud-classifier' AND mv.number = ?", [fraud.id, number])!.id;
  CLEANUP.versions.forEach((spec, i) => {
    const id = artifactVersion(who(spec.creator), CLEANUP.project, CLEANUP.artifact, i + 1, { save_type: spec.saveType });
    const created = formatTimestamp(new Date(Date.now() - spec.ageDays * DAY_MS));
    db.run('UPDATE artifact_versions SET created = ?, updated = ? WHERE id = ?', [created, created, id]);
    if (spec.inputOf) db.run('INSERT INTO run_input_artifacts (run_id, artifact_version_id, name) VALUES (?, ?, ?)', [runs.get(`${CLEANUP.project}/${spec.inputOf}`)!.id, id, CLEANUP.artifact]);
    if (spec.modelVersion) linkModelVersionArtifactAs(ws, who('ada'), fraudModelVersion(spec.modelVersion), id);
  });
  // The artifact is as old as its first version.
  db.run('UPDATE artifacts SET created = (SELECT min(v.created) FROM artifact_versions v WHERE v.artifact_id = artifacts.id) WHERE project_id = ? AND name = ?', [fraud.id, CLEANUP.artifact]);

  writeFileAtomic(join(dataDir, DEMO_CREDENTIALS_FILE), JSON.stringify({ users: credentials }, null, 2) + '\n', 0o600);
  return { skipped: false, projects: PROJECTS.map((p) => p.name), users: USERS.map((u) => u.name), teams: [...teams.keys()] };
}
