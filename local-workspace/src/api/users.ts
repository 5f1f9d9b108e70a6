/** Users, the current user, login and logout. */
import { isUniqueViolation, type Row } from '../db/database';
import type { IncomingMessage } from 'node:http';
import { conflict, forbidden, invalid, notFound, tooManyRequests, unauthorized } from '../http/errors';
import type { Caller, Route } from '../http/router';
import { optBool, optString, optUuid } from './bodies';
import { hashPassword, parseApiKey, sameHash, sha256, verifyPassword, API_KEY_PREFIX } from './credentials';
import { entity, type Entity } from './entity';
import { distinctName } from './lookalikeNames';
import { isUuid, newId } from './ids';
import { listRows } from './listing';
import { boolParam, never, pageOf, parseListQuery, type FieldTable } from './listQuery';
import { now } from './time';
import type { Workspace } from './workspace';

/** Token lifetimes: an API key is exchanged for a short-lived token (clients refresh it). */
export const API_KEY_TOKEN_TTL_SECONDS = 3600;
export const PASSWORD_TOKEN_TTL_SECONDS = 24 * 3600;

export interface UserRow {
  id: string;
  name: string;
  full_name: string;
  email: string | null;
  password_hash: string | null;
  active: number;
  is_admin: number;
  default_project_id: string | null;
  /** The user's ZenML Pro identity (its Pro user ID); shown only by the Pro edition. */
  external_user_id?: string | null;
  created: string;
  updated: string;
}

/**
 * `UserFilter`'s filters (zenml models/v2/core/user.py). `email_opted_in` is null in every
 * answer here, so it matches nothing; `external_user_id` is the Pro user ID the Pro edition
 * shows, and null (matching nothing) in the plain edition.
 */
export const usersFields = (pro: boolean): FieldTable => ({
  id: { column: 'u.id', type: 'uuid', sortable: true },
  name: { column: 'u.name', type: 'string', sortable: true },
  full_name: { column: 'u.full_name', type: 'string', sortable: true },
  email: { column: 'u.email', type: 'string' },
  active: { column: 'u.active', type: 'bool', sortable: true },
  is_admin: { column: 'u.is_admin', type: 'bool' },
  created: { column: 'u.created', type: 'datetime', sortable: true },
  updated: { column: 'u.updated', type: 'datetime', sortable: true },
  email_opted_in: never('bool'),
  external_user_id: pro ? { column: 'u.external_user_id', type: 'uuid' } : never('uuid'),
});

/**
 * The one rule for a user's private fields (e-mail address, default project) in every answer
 * that returns a user — ZenML's /users and /current-user, and the Pro API's users, team members
 * and role assignments alike: the user themself sees them, and so do those who manage members —
 * workspace admins, and Project Admins of any project (members are named by e-mail in project
 * files and invitations, so whoever adds members must be able to find them by it). Others do not.
 * `viewer` null is the server itself (seeding). Returns the test for one user's fields.
 */
export function privateFieldsVisible(ws: Workspace, viewer: Caller | null): (userId: string) => boolean {
  if (viewer === null || managesMembers(ws, viewer)) return () => true;
  return (userId) => userId === viewer.id;
}

/** A workspace admin, or a Project Admin of some project (directly or through a team). */
function managesMembers(ws: Workspace, viewer: Caller): boolean {
  if (viewer.isAdmin) return true;
  return !!ws.db.get(
    `SELECT 1 FROM role_assignments a JOIN roles r ON r.id = a.role_id
      WHERE r.system_role = 'admin' AND (a.user_id = ? OR a.team_id IN (SELECT team_id FROM team_members WHERE user_id = ?)) LIMIT 1`,
    [viewer.id, viewer.id],
  );
}

/**
 * A user as ZenML shapes it; `sees` is privateFieldsVisible's test for the viewer.
 * `showExternalId`: the Pro edition links the account to its ZenML Pro user through
 * `metadata.external_user_id`; a plain ZenML server sends null there.
 */
export function userEntityOf(u: UserRow, hydrate: boolean, sees: (userId: string) => boolean, showExternalId = false): Entity {
  const seesPrivate = sees(u.id);
  return entity(
    u.id,
    u.name,
    {
      created: u.created,
      updated: u.updated,
      active: u.active === 1,
      activation_token: null,
      full_name: u.full_name,
      email_opted_in: null,
      is_service_account: false,
      is_admin: u.is_admin === 1,
      default_project_id: seesPrivate ? u.default_project_id : null,
      avatar_url: null,
    },
    hydrate,
    () => ({ email: seesPrivate ? u.email : null, external_user_id: showExternalId ? (u.external_user_id ?? null) : null, user_metadata: {} }),
  );
}

/**
 * The whole address an `email` filter gives (`a@b.org` or `equals:a@b.org`); any other operator
 * searches by part of an address, which only those who see addresses may do (403).
 */
function exactEmail(filter: string): string {
  const m = /^([a-z_]+):(.*)$/s.exec(filter);
  const value = m && m[1] === 'equals' ? m[2] : filter;
  if ((m && m[1] !== 'equals') || value.trim() === '') {
    throw forbidden("Only workspace admins and Project Admins may search users by part of an e-mail address; give the whole address ('email=ada@example.com').");
  }
  return value;
}

export function findUser(ws: Workspace, nameOrId: string): UserRow {
  const row = isUuid(nameOrId)
    ? ws.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [nameOrId.toLowerCase()])
    : ws.db.get<UserRow>('SELECT * FROM users WHERE name = ?', [nameOrId]);
  if (!row) throw notFound(`No user with the ${isUuid(nameOrId) ? 'ID' : 'name'} '${nameOrId}' exists.`);
  return row;
}

/** The name to store for a new or renamed user (NFKC), or a 422/409 saying why not. */
function checkUserName(ws: Workspace, name: string, selfId?: string): string {
  if (name !== name.trim()) throw invalid('A user name must not start or end with spaces.');
  if (isUuid(name)) throw invalid('A user name must not look like a UUID: users are looked up by name or UUID.');
  return distinctName('user', name, ws.db.all<{ id: string; name: string }>('SELECT id, name FROM users'), selfId);
}

/**
 * The shortest new password accepted: 8 characters, NIST SP 800-63B §3.1.1.2's minimum for
 * passwords a user chooses. Existing passwords keep working.
 */
export const MIN_PASSWORD_LENGTH = 8;

function checkNewPassword(password: string): void {
  if (password === '') throw invalid("'password' must not be empty.");
  if ([...password].length < MIN_PASSWORD_LENGTH) throw invalid(`'password' must have at least ${MIN_PASSWORD_LENGTH} characters.`);
}

/** Creates a user. ZenML leaves a new user inactive unless `active: true` is sent. */
export async function createUser(ws: Workspace, body: Record<string, unknown>): Promise<UserRow> {
  const given = optString(body, 'name');
  if (given === undefined || given === '') throw invalid("'name' is required.");
  const name = checkUserName(ws, given);
  const password = optString(body, 'password', 1024);
  if (password !== undefined && password !== '') checkNewPassword(password);
  const hash = password ? await hashPassword(password) : null;
  const ts = now();
  const row: UserRow = {
    id: newId(),
    // Checked again after the hash's await: a look-alike created meanwhile is refused too.
    name: checkUserName(ws, name),
    full_name: optString(body, 'full_name') ?? '',
    email: optString(body, 'email') ?? null,
    password_hash: hash,
    active: optBool(body, 'active') ? 1 : 0,
    is_admin: optBool(body, 'is_admin') ? 1 : 0,
    default_project_id: null,
    created: ts,
    updated: ts,
  };
  try {
    ws.db.run(
      `INSERT INTO users (id, name, full_name, email, password_hash, active, is_admin, default_project_id, created, updated)
       VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)`,
      [row.id, row.name, row.full_name, row.email, row.password_hash, row.active, row.is_admin, row.created, row.updated],
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user named '${name}' already exists.`);
    throw err;
  }
  // Set by a trigger: every user is a ZenML Pro user too, with an ID of its own.
  row.external_user_id = ws.db.get<{ x: string | null }>('SELECT external_user_id AS x FROM users WHERE id = ?', [row.id])?.x ?? null;
  return row;
}

/**
 * Applies a user update; `asAdmin` may change activity, admin rights and the name. A new password
 * (changed by the user, or reset by an admin) ends every other session of the user: their
 * access tokens are revoked, all but the one this request came with.
 */
async function updateUser(ws: Workspace, caller: Caller, user: UserRow, body: Record<string, unknown>, req: IncomingMessage): Promise<UserRow> {
  const asAdmin = caller.isAdmin;
  let name = optString(body, 'name');
  const fullName = optString(body, 'full_name');
  const email = optString(body, 'email');
  const password = optString(body, 'password', 1024);
  const oldPassword = optString(body, 'old_password', 1024);
  const active = optBool(body, 'active');
  const isAdmin = optBool(body, 'is_admin');
  const defaultProject = body.default_project_id === null ? null : optUuid(body, 'default_project_id');

  if (!asAdmin && (name !== undefined || active !== undefined || isAdmin !== undefined)) {
    throw forbidden('Only workspace admins may rename users, activate or deactivate them, or change admin rights.');
  }
  if (name !== undefined) name = checkUserName(ws, name, user.id);
  if (user.id === caller.id && (active === false || isAdmin === false)) {
    throw forbidden('You cannot deactivate yourself or take away your own admin rights; ask another admin.');
  }
  let hash = user.password_hash;
  if (password !== undefined) {
    checkNewPassword(password);
    if (!asAdmin && user.password_hash) {
      // old_password is a password check like login's: throttled like it.
      const account = accountKey(user.name);
      throttle(ws, account, clientOf(req));
      if (!(await verifyPassword(oldPassword ?? '', user.password_hash))) throw forbidden("To change your password, send your current one as 'old_password'.");
      ws.loginThrottle.succeeded(account, clientOf(req));
    }
    hash = await hashPassword(password);
  }
  if (defaultProject) {
    const project = ws.findProject(defaultProject);
    ws.memberOf({ id: user.id, name: user.name, isAdmin: user.is_admin === 1 }, project, 'use');
  }
  // Only the fields sent are written, in one statement after every await: a concurrent update
  // of other fields is never overwritten with values read before it.
  const changes: [string, string | number | null][] = [];
  if (name !== undefined) changes.push(['name', checkUserName(ws, name, user.id)]);
  if (fullName !== undefined) changes.push(['full_name', fullName]);
  if (email !== undefined) changes.push(['email', email]);
  if (password !== undefined) changes.push(['password_hash', hash]);
  if (active !== undefined) changes.push(['active', active ? 1 : 0]);
  if (isAdmin !== undefined) changes.push(['is_admin', isAdmin ? 1 : 0]);
  if (defaultProject !== undefined) changes.push(['default_project_id', defaultProject]);
  changes.push(['updated', now()]);
  try {
    ws.db.transaction(() => {
      ws.db.run(`UPDATE users SET ${changes.map(([c]) => `${c} = ?`).join(', ')} WHERE id = ?`, [...changes.map(([, v]) => v), user.id]);
      if (password !== undefined) ws.revokeTokensOf(user.id, req.headers.authorization);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict(`A user named '${name}' already exists.`);
    throw err;
  }
  return findUser(ws, user.id);
}

let decoy: Promise<string> | undefined;
/** A hash no password matches in practice, verified when the user or its password is missing. */
function decoyHash(): Promise<string> {
  return (decoy ??= hashPassword(`decoy-${Math.random()}-${Date.now()}`));
}

/** The address a request comes from: the "client" of per-client throttling. */
function clientOf(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** Whose password is being tried: the name as users are told apart (see lookalikeNames.ts). */
function accountKey(username: string): string {
  return username.normalize('NFKC').toLowerCase();
}

/** 429 with Retry-After when `client` must wait before trying `account` again. */
function throttle(ws: Workspace, account: string | undefined, client: string): void {
  const wait = ws.loginThrottle.attempt(account, client);
  if (wait !== undefined) {
    throw tooManyRequests(`Too many failed sign-in attempts${account === undefined ? ' from this client' : ' for this user'}: try again in ${wait} s.`, wait);
  }
}

function currentUser(ws: Workspace, caller: Caller): UserRow {
  return findUser(ws, caller.id);
}

export function userRoutes(ws: Workspace): Route[] {
  const userEntity = (u: UserRow, hydrate: boolean, sees: (userId: string) => boolean) => userEntityOf(u, hydrate, sees, ws.edition === 'pro');
  const fields = usersFields(ws.edition === 'pro');
  return [
    {
      method: 'POST',
      path: '/api/v1/login',
      access: 'public',
      body: 'form',
      handler: async ({ body, req }) => {
        const form = body as Record<string, string>;
        const client = clientOf(req);
        const grant = form.grant_type ?? '';
        const username = form.username ?? '';
        const password = form.password ?? '';
        let userId: string;
        let ttl: number;
        let account: string | undefined;
        if (grant === 'zenml-api-key' || (!username && password.startsWith(API_KEY_PREFIX))) {
          throttle(ws, undefined, client);
          const parsed = parseApiKey(password);
          const key = parsed && isUuid(parsed.id) ? ws.db.get<Row>('SELECT user_id, key_hash FROM api_keys WHERE id = ?', [parsed.id.toLowerCase()]) : undefined;
          if (!parsed || !key || !sameHash(String(key.key_hash), sha256(parsed.secret))) {
            throw unauthorized('Authentication error: the API key is not valid.');
          }
          userId = String(key.user_id);
          ttl = API_KEY_TOKEN_TTL_SECONDS;
        } else {
          if (grant && grant !== 'password') throw invalid(`Unsupported grant_type '${grant}'; use 'password' or 'zenml-api-key'.`);
          if (!username) throw invalid("Send 'username' and 'password', or an API key as 'password'.");
          account = accountKey(username);
          throttle(ws, account, client);
          const user = ws.db.get<UserRow>('SELECT * FROM users WHERE name = ?', [username]);
          // An unknown user costs the same hash as a known one: timing does not tell names apart.
          const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
          if (!user?.password_hash) throw unauthorized('Authentication error: invalid username or password.');
          if (!user || !ok) throw unauthorized('Authentication error: invalid username or password.');
          userId = user.id;
          ttl = PASSWORD_TOKEN_TTL_SECONDS;
        }
        ws.loginThrottle.succeeded(account, client);
        const user = ws.db.get<UserRow>('SELECT * FROM users WHERE id = ?', [userId]);
        if (!user?.active) throw unauthorized(`Authentication error: the user '${user?.name ?? ''}' is not active. An admin must activate it.`);
        const token = ws.issueToken(userId, ttl);
        return {
          access_token: token,
          token_type: 'bearer',
          expires_in: ttl,
          refresh_token: null,
          csrf_token: null,
          scope: null,
          device_id: null,
          device_metadata: null,
        };
      },
    },
    {
      method: 'GET',
      path: '/api/v1/logout',
      access: 'user',
      body: 'none',
      handler: ({ req }) => {
        ws.revokeToken(req.headers.authorization);
        return null;
      },
    },
    {
      method: 'GET',
      path: '/api/v1/current-user',
      access: 'user',
      body: 'none',
      handler: ({ caller, query }) => userEntity(currentUser(ws, caller!), boolParam(query, 'hydrate', true), privateFieldsVisible(ws, caller!)),
    },
    {
      method: 'PUT',
      path: '/api/v1/current-user',
      access: 'user',
      body: 'json',
      handler: async ({ caller, body, req }) => {
        for (const k of ['name', 'active', 'is_admin']) {
          if (body[k] !== undefined) throw forbidden(`'${k}' cannot be changed through /current-user; an admin changes it with PUT /users/{id}.`);
        }
        const updated = await updateUser(ws, caller!, currentUser(ws, caller!), body, req);
        return userEntity(updated, true, privateFieldsVisible(ws, caller!));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/users',
      access: 'user',
      body: 'none',
      handler: ({ query, caller }) => {
        const sees = privateFieldsVisible(ws, caller!);
        if (managesMembers(ws, caller!) || query.get('email') === null) {
          const q = parseListQuery(query, fields, { tiebreak: 'u.rowid' });
          const { total, rows } = listRows<UserRow>(ws.db, { columns: 'u.*', from: 'FROM users u', conditions: [], params: [] }, q);
          return pageOf(q, total, rows.map((u) => userEntity(u, q.hydrate, sees)));
        }
        // Everyone else may look up one whole address they already know (ZenML's `email` filter,
        // read as equality): the answer holds only the user it belongs to, whose address it then
        // shows, since it tells the caller nothing new. Searching by part of an address would
        // reveal others' addresses, so it is refused.
        const email = exactEmail(query.get('email')!);
        const q = parseListQuery(query, fields, { tiebreak: 'u.rowid', ignore: ['email'] });
        const { total, rows } = listRows<UserRow>(ws.db, { columns: 'u.*', from: 'FROM users u', conditions: ['lower(u.email) = lower(?)'], params: [email] }, q);
        return pageOf(q, total, rows.map((u) => userEntity(u, q.hydrate, () => true)));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/users',
      access: 'admin',
      body: 'json',
      handler: async ({ body, caller }) => userEntity(await createUser(ws, body), true, privateFieldsVisible(ws, caller!)),
    },
    {
      method: 'GET',
      path: '/api/v1/users/{user_name_or_id}',
      access: 'user',
      body: 'none',
      handler: ({ params, query, caller }) => userEntity(findUser(ws, params.user_name_or_id), boolParam(query, 'hydrate', true), privateFieldsVisible(ws, caller!)),
    },
    {
      method: 'PUT',
      path: '/api/v1/users/{user_name_or_id}',
      access: 'user',
      body: 'json',
      handler: async ({ params, body, caller, req }) => {
        const user = findUser(ws, params.user_name_or_id);
        if (!caller!.isAdmin && user.id !== caller!.id) throw forbidden('Only workspace admins may change other users.');
        return userEntity(await updateUser(ws, caller!, user, body, req), true, privateFieldsVisible(ws, caller!));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/users/{user_name_or_id}',
      access: 'admin',
      body: 'none',
      handler: ({ params, caller }) => {
        const user = findUser(ws, params.user_name_or_id);
        if (user.id === caller!.id) throw forbidden('You cannot delete yourself; ask another admin.');
        ws.db.transaction(() => {
          ws.db.run('DELETE FROM users WHERE id = ?', [user.id]);
          ws.access.refreshMembership();
        });
        return null;
      },
    },
  ];
}
