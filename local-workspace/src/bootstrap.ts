/**
 * What a workspace has from its first start on: the default roles, the admin user (the first
 * user, a workspace admin), the `default` project, and the admin's API key in
 * `<data>/admin-api-key` (mode 0600).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeApiKey, parseApiKey, sameHash, sha256 } from './api/credentials';
import { newId } from './api/ids';
import { ensureDefaultRoles } from './pro/proRoutes';
import type { ProCredentials } from './pro/proCredentials';
import { createProject, DEFAULT_PROJECT } from './api/projects';
import { now } from './api/time';
import type { Workspace } from './api/workspace';
import { writeFileAtomic } from '../../common/atomicFile';
import { requireRegularFile } from './db/dataFiles';

export const ADMIN_KEY_FILE = 'admin-api-key';
/** The admin's ZenML Pro API key (`ZENPROKEY_...`), for the Pro edition's Pro API. */
export const PRO_KEY_FILE = 'pro-api-key';
export const ADMIN_USER = 'admin';
const ADMIN_KEY_NAME = 'admin-api-key';

export function bootstrap(ws: Workspace, dataDir: string): { adminApiKey: string; adminId: string } {
  const db = ws.db;
  db.transaction(() => {
    ensureDefaultRoles(ws);
    if (!db.get('SELECT 1 AS x FROM users LIMIT 1')) {
      const ts = now();
      db.run(
        `INSERT INTO users (id, name, full_name, email, password_hash, active, is_admin, default_project_id, created, updated)
         VALUES (?, ?, 'Workspace admin', NULL, NULL, 1, 1, NULL, ?, ?)`,
        [newId(), ADMIN_USER, ts, ts],
      );
    }
  });
  const admin = db.get<{ id: string; name: string }>('SELECT id, name FROM users WHERE is_admin = 1 AND active = 1 ORDER BY created, rowid LIMIT 1');
  if (!admin) {
    throw new Error('The workspace has no active admin user left, so no admin API key can be issued. Restore the database from a backup.');
  }
  if (!db.get('SELECT 1 AS x FROM projects WHERE name = ?', [DEFAULT_PROJECT])) {
    createProject(ws, { id: admin.id, name: admin.name, isAdmin: true }, { name: DEFAULT_PROJECT, display_name: 'Default' });
  }
  return { adminApiKey: ensureAdminKey(ws, dataDir, admin.id), adminId: admin.id };
}

/** Keeps the key in the file when it is still valid; otherwise issues a new one and writes it. */
function ensureAdminKey(ws: Workspace, dataDir: string, adminId: string): string {
  const file = join(dataDir, ADMIN_KEY_FILE);
  requireRegularFile(file, "the admin's API key");
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    const parsed = parseApiKey(existing);
    const row = parsed && ws.db.get<{ key_hash: string; user_id: string }>('SELECT key_hash, user_id FROM api_keys WHERE id = ?', [parsed.id]);
    if (parsed && row && row.user_id === adminId && sameHash(row.key_hash, sha256(parsed.secret))) return existing;
  }
  const id = newId();
  const { apiKey, secretHash } = makeApiKey(id);
  ws.db.transaction(() => {
    // The file is the only copy of the key: a key that was lost with it is revoked.
    ws.db.run('DELETE FROM api_keys WHERE name = ?', [ADMIN_KEY_NAME]);
    ws.db.run('INSERT INTO api_keys (id, user_id, name, key_hash, created) VALUES (?, ?, ?, ?, ?)', [id, adminId, ADMIN_KEY_NAME, secretHash, now()]);
  });
  writeFileAtomic(file, apiKey + '\n', 0o600);
  return apiKey;
}

/**
 * The admin's Pro API key, kept in `<data>/pro-api-key` (mode 0600) beside the admin key: the
 * one in the file while it still works, else a new one (the lost one is revoked by its name).
 */
export function ensureProApiKey(credentials: ProCredentials, dataDir: string, adminId: string): string {
  const file = join(dataDir, PRO_KEY_FILE);
  if (existsSync(file)) {
    const existing = readFileSync(file, 'utf8').trim();
    if (credentials.isValid(existing, adminId, PRO_KEY_FILE)) return existing;
  }
  const key = credentials.issue(adminId, 'api_key', PRO_KEY_FILE);
  writeFileAtomic(file, key + '\n', 0o600);
  return key;
}
