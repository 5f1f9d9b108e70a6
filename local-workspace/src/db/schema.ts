/**
 * The versioned schema of the workspace database. Each migration runs once, in its own
 * transaction, and moves `PRAGMA user_version` to its number; a database whose version is newer
 * than the last one here was written by a newer release and is refused, never downgraded.
 */

/** Marks a file as ours (`PRAGMA application_id`): "ZMLW". Any other SQLite file is foreign. */
export const APPLICATION_ID = 0x5a4d4c57;

export interface Migration {
  version: number;
  why: string;
  sql: string;
}

/** Counted per project by triggers, so unfiltered totals and statistics need no scan. */
export const COUNTED_TABLES = ['pipelines', 'pipeline_runs', 'artifacts', 'artifact_versions', 'models', 'model_versions'] as const;

function counterTriggers(table: string): string {
  return `
CREATE TRIGGER ${table}_count_insert AFTER INSERT ON ${table} BEGIN
  INSERT INTO resource_counts (project_id, kind, n) VALUES (NEW.project_id, '${table}', 1)
    ON CONFLICT (project_id, kind) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ${table}_count_delete AFTER DELETE ON ${table} BEGIN
  UPDATE resource_counts SET n = n - 1 WHERE project_id = OLD.project_id AND kind = '${table}';
END;`;
}

/** A random (version 4) UUID, in SQL: for rows that triggers and migrations create. */
const SQL_UUID4 =
  "(lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6))))";

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'workspace identity, users, credentials, projects, access control and project resources',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL DEFAULT '',
  email TEXT,
  password_hash TEXT,
  active INTEGER NOT NULL,
  is_admin INTEGER NOT NULL,
  default_project_id TEXT REFERENCES projects(id) ON DELETE SET NULL,
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE INDEX users_created ON users(created);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL,
  created TEXT NOT NULL
);
CREATE INDEX api_keys_user ON api_keys(user_id);

CREATE TABLE access_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX access_tokens_user ON access_tokens(user_id);

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  description TEXT NOT NULL,
  created_by TEXT REFERENCES users(id) ON DELETE SET NULL,
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE INDEX projects_created ON projects(created);
CREATE INDEX projects_display_name ON projects(display_name);

-- Substring search on names (contains/startswith/endswith filters) through a trigram index.
CREATE VIRTUAL TABLE projects_text USING fts5(name, display_name, content='projects', content_rowid='rowid', tokenize='trigram');
CREATE TRIGGER projects_text_insert AFTER INSERT ON projects BEGIN
  INSERT INTO projects_text (rowid, name, display_name) VALUES (NEW.rowid, NEW.name, NEW.display_name);
END;
CREATE TRIGGER projects_text_delete AFTER DELETE ON projects BEGIN
  INSERT INTO projects_text (projects_text, rowid, name, display_name) VALUES ('delete', OLD.rowid, OLD.name, OLD.display_name);
END;
CREATE TRIGGER projects_text_update AFTER UPDATE OF name, display_name ON projects BEGIN
  INSERT INTO projects_text (projects_text, rowid, name, display_name) VALUES ('delete', OLD.rowid, OLD.name, OLD.display_name);
  INSERT INTO projects_text (rowid, name, display_name) VALUES (NEW.rowid, NEW.name, NEW.display_name);
END;

CREATE TABLE teams (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE TABLE team_members (
  team_id TEXT NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  PRIMARY KEY (team_id, user_id)
) WITHOUT ROWID;
CREATE INDEX team_members_user ON team_members(user_id, team_id);

-- system_role names a role of the common catalogue (admin, developer, ...); its rights come from
-- that catalogue, not from role_permissions, so the catalogue stays the one source.
CREATE TABLE roles (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  system_role TEXT UNIQUE,
  created TEXT NOT NULL,
  updated TEXT NOT NULL
);
CREATE TABLE role_permissions (
  role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  resource_type TEXT NOT NULL,
  action TEXT NOT NULL,
  PRIMARY KEY (role_id, resource_type, action)
) WITHOUT ROWID;

CREATE TABLE role_assignments (
  id TEXT PRIMARY KEY,
  role_id TEXT NOT NULL REFERENCES roles(id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
  team_id TEXT REFERENCES teams(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  CHECK ((user_id IS NULL) <> (team_id IS NULL))
);
CREATE UNIQUE INDEX role_assignments_user ON role_assignments(project_id, user_id, role_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX role_assignments_team ON role_assignments(project_id, team_id, role_id) WHERE team_id IS NOT NULL;
CREATE INDEX role_assignments_role ON role_assignments(role_id, project_id);
CREATE INDEX role_assignments_by_user ON role_assignments(user_id);
CREATE INDEX role_assignments_by_team ON role_assignments(team_id);

-- Who belongs to which project, directly or through a team: derived from role_assignments and
-- team_members, rebuilt whenever either changes, so that visibility checks are one key lookup.
CREATE TABLE project_members (
  user_id TEXT NOT NULL,
  project_id TEXT NOT NULL,
  PRIMARY KEY (user_id, project_id)
) WITHOUT ROWID;
CREATE INDEX project_members_project ON project_members(project_id);

CREATE TABLE resource_counts (
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (project_id, kind)
) WITHOUT ROWID;

CREATE TABLE pipelines (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX pipelines_project_created ON pipelines(project_id, created);

CREATE TABLE pipeline_runs (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  pipeline_id TEXT REFERENCES pipelines(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  status TEXT NOT NULL,
  start_time TEXT,
  end_time TEXT,
  orchestrator_run_id TEXT,
  config TEXT NOT NULL DEFAULT '{}',
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX pipeline_runs_project_created ON pipeline_runs(project_id, created);
CREATE INDEX pipeline_runs_pipeline_created ON pipeline_runs(pipeline_id, created);
CREATE INDEX pipeline_runs_project_status ON pipeline_runs(project_id, status);

CREATE TABLE artifacts (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  has_custom_name INTEGER NOT NULL DEFAULT 1,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX artifacts_project_created ON artifacts(project_id, created);

CREATE TABLE artifact_versions (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  artifact_id TEXT NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
  version TEXT NOT NULL,
  type TEXT NOT NULL,
  uri TEXT NOT NULL,
  materializer TEXT,
  data_type TEXT,
  producer_run_id TEXT REFERENCES pipeline_runs(id) ON DELETE SET NULL,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (artifact_id, version)
);
CREATE INDEX artifact_versions_project_created ON artifact_versions(project_id, created);
CREATE INDEX artifact_versions_artifact_created ON artifact_versions(artifact_id, created);

CREATE TABLE models (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  name TEXT NOT NULL,
  description TEXT,
  license TEXT,
  audience TEXT,
  use_cases TEXT,
  limitations TEXT,
  trade_offs TEXT,
  ethics TEXT,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (project_id, name)
);
CREATE INDEX models_project_created ON models(project_id, created);

CREATE TABLE model_versions (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
  model_id TEXT NOT NULL REFERENCES models(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  number INTEGER NOT NULL,
  stage TEXT NOT NULL DEFAULT 'none',
  description TEXT,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (model_id, number),
  UNIQUE (model_id, name)
);
CREATE INDEX model_versions_project_created ON model_versions(project_id, created);
CREATE INDEX model_versions_model_created ON model_versions(model_id, created);
${COUNTED_TABLES.map(counterTriggers).join('\n')}
`,
  },
  {
    version: 2,
    why: "ZenML's fields that version 1 lacked: a run's index within its pipeline, an artifact version's save_type",
    sql: `
ALTER TABLE pipeline_runs ADD COLUMN run_index INTEGER NOT NULL DEFAULT 0;
UPDATE pipeline_runs SET run_index = (
  SELECT count(*) FROM pipeline_runs r WHERE r.pipeline_id IS pipeline_runs.pipeline_id AND r.project_id = pipeline_runs.project_id AND r.rowid <= pipeline_runs.rowid
);
ALTER TABLE artifact_versions ADD COLUMN save_type TEXT NOT NULL DEFAULT 'manual';
`,
  },
  {
    version: 3,
    why: "ZenML Pro identities: each workspace user's Pro user ID (metadata.external_user_id), Pro API keys, personal access tokens and Pro API tokens",
    sql: `
ALTER TABLE users ADD COLUMN external_user_id TEXT;
UPDATE users SET external_user_id = ${SQL_UUID4};
CREATE UNIQUE INDEX users_external_user_id ON users(external_user_id);
-- Every workspace user is a ZenML Pro user too, with an ID of its own (as on ZenML Pro, where the
-- workspace account and the Pro user are two records linked by external_user_id).
CREATE TRIGGER users_external_user_id AFTER INSERT ON users WHEN NEW.external_user_id IS NULL BEGIN
  UPDATE users SET external_user_id = ${SQL_UUID4} WHERE id = NEW.id;
END;

-- Credentials of the Pro API, never valid on the workspace API: Pro API keys (ZENPROKEY_...)
-- and personal access tokens, stored as SHA-256 of their secret part.
CREATE TABLE pro_credentials (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('api_key', 'personal_access_token')),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  created TEXT NOT NULL,
  UNIQUE (user_id, kind, name)
);
CREATE TABLE pro_tokens (
  token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX pro_tokens_user ON pro_tokens(user_id);
`,
  },
  {
    version: 4,
    why: "what makes an artifact version used: the runs that consume it (ZenML's step-run input artifacts) and its links to model versions (ZenML's ModelVersionArtifactSchema)",
    sql: `
-- ZenML's step_run_input_artifacts: the workspace keeps no step runs, so a run stands for its
-- steps. A link goes with its run or its artifact version, as ZenML's rows do (CASCADE).
-- Outputs need no table of their own: they are artifact_versions.producer_run_id.
CREATE TABLE run_input_artifacts (
  run_id TEXT NOT NULL REFERENCES pipeline_runs(id) ON DELETE CASCADE,
  artifact_version_id TEXT NOT NULL REFERENCES artifact_versions(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  PRIMARY KEY (run_id, name, artifact_version_id)
) WITHOUT ROWID;
CREATE INDEX run_input_artifacts_version ON run_input_artifacts(artifact_version_id);

-- ZenML's model_versions_artifacts: which artifact versions a model version holds (its data,
-- its model, its deployments); the link goes with either side.
CREATE TABLE model_version_artifacts (
  id TEXT PRIMARY KEY,
  model_version_id TEXT NOT NULL REFERENCES model_versions(id) ON DELETE CASCADE,
  artifact_version_id TEXT NOT NULL REFERENCES artifact_versions(id) ON DELETE CASCADE,
  created TEXT NOT NULL,
  updated TEXT NOT NULL,
  UNIQUE (model_version_id, artifact_version_id)
);
CREATE INDEX model_version_artifacts_version ON model_version_artifacts(artifact_version_id);
CREATE INDEX model_version_artifacts_created ON model_version_artifacts(created);
-- The fast path of only_unused: versions no run produced.
CREATE INDEX artifact_versions_producer ON artifact_versions(producer_run_id);
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
