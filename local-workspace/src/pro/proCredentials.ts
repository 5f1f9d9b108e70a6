/**
 * Who calls the Pro management API: its own credentials, never the workspace's.
 *
 * - A **Pro API key** (`ZENPROKEY_` + base64 of `{"id", "key"}`, the form of ZenML Pro's service
 *   account keys), exchanged at `POST /auth/login` (form `password=<key>`) for a Pro token that
 *   lasts an hour, or sent as the bearer token itself — both as the Pro docs describe
 *   (docs.zenml.io/pro/access-management/service-accounts).
 * - A **personal access token** (`ZENPAT_…` here; ZenML Pro does not document the form of its
 *   own), used as the bearer token or exchanged at `/auth/login` the same way
 *   (docs.zenml.io/pro/access-management/personal-access-tokens).
 * - For this local stand-in only: `username` + `password` of a workspace user at `/auth/login`.
 *
 * Workspace tokens and `ZENKEY_` keys are refused here, as ZenML Pro refuses them. Only hashes of
 * secrets are stored; no secret is logged.
 */
import { randomBytes } from 'node:crypto';
import type { Row } from '../db/database';
import { invalid, unauthorized } from '../http/errors';
import type { Caller } from '../http/router';
import { newAccessToken, sameHash, sha256, verifyPassword } from '../api/credentials';
import { isUuid, newId } from '../api/ids';
import { now } from '../api/time';
import type { UserRow } from '../api/users';
import type { Workspace } from '../api/workspace';

export const PRO_API_KEY_PREFIX = 'ZENPROKEY_';
export const PERSONAL_ACCESS_TOKEN_PREFIX = 'ZENPAT_';
/** Pro session tokens last an hour (the Pro docs' "JWT session tokens valid for 1 hour"). */
export const PRO_TOKEN_TTL_SECONDS = 3600;

export type ProCredentialKind = 'api_key' | 'personal_access_token';

/** A caller of the Pro API: the workspace user it is, and its Pro user ID. */
export interface ProCaller extends Caller {
  proUserId: string;
}

function encode(prefix: string, id: string, secret: string): string {
  return prefix + Buffer.from(JSON.stringify({ id, key: secret })).toString('base64');
}

function decode(credential: string): { kind: ProCredentialKind; id: string; secret: string } | undefined {
  const prefix = credential.startsWith(PRO_API_KEY_PREFIX) ? PRO_API_KEY_PREFIX : credential.startsWith(PERSONAL_ACCESS_TOKEN_PREFIX) ? PERSONAL_ACCESS_TOKEN_PREFIX : undefined;
  if (!prefix) return undefined;
  try {
    const d = JSON.parse(Buffer.from(credential.slice(prefix.length), 'base64').toString('utf8')) as { id?: unknown; key?: unknown };
    if (typeof d.id === 'string' && isUuid(d.id) && typeof d.key === 'string') {
      return { kind: prefix === PRO_API_KEY_PREFIX ? 'api_key' : 'personal_access_token', id: d.id.toLowerCase(), secret: d.key };
    }
  } catch {
    // Not one of ours.
  }
  return undefined;
}

type AuthRow = Pick<UserRow, 'id' | 'name' | 'is_admin' | 'active'> & { external_user_id: string };

export class ProCredentials {
  constructor(private readonly ws: Workspace) {}

  /**
   * Issues a Pro API key or a personal access token for the user `userId`, replacing one of the
   * same name. Returns the credential; only its hash is kept.
   */
  issue(userId: string, kind: ProCredentialKind, name: string): string {
    const id = newId();
    const secret = randomBytes(32).toString('base64url');
    this.ws.db.transaction(() => {
      this.ws.db.run('DELETE FROM pro_credentials WHERE user_id = ? AND kind = ? AND name = ?', [userId, kind, name]);
      this.ws.db.run('INSERT INTO pro_credentials (id, user_id, kind, name, secret_hash, created) VALUES (?, ?, ?, ?, ?, ?)', [id, userId, kind, name, sha256(secret), now()]);
    });
    return encode(kind === 'api_key' ? PRO_API_KEY_PREFIX : PERSONAL_ACCESS_TOKEN_PREFIX, id, secret);
  }

  /** Whether `credential` is a Pro credential of `userId` named `name` that still works. */
  isValid(credential: string, userId: string, name: string): boolean {
    const d = decode(credential.trim());
    const row = d && this.ws.db.get<{ user_id: string; name: string; secret_hash: string }>('SELECT user_id, name, secret_hash FROM pro_credentials WHERE id = ?', [d.id]);
    return !!(d && row && row.user_id === userId && row.name === name && sameHash(row.secret_hash, sha256(d.secret)));
  }

  /** The caller named by an `Authorization: Bearer` header: a Pro token, Pro API key or personal access token. */
  authenticate(header: string | undefined): ProCaller {
    if (!header) throw unauthorized('Not authenticated: send a ZenML Pro API key, a personal access token or a Pro token as the bearer token.');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw unauthorized("Not authenticated: the Authorization header must be 'Bearer <token>'.");
    const token = m[1];
    let row: AuthRow | undefined;
    if (decode(token)) {
      row = this.byCredential(token);
    } else {
      const t = this.ws.db.get<AuthRow & { expires_at: number }>(
        `SELECT u.id, u.name, u.is_admin, u.active, u.external_user_id, t.expires_at
           FROM pro_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ?`,
        [sha256(token)],
      );
      if (t && t.expires_at <= Date.now()) throw unauthorized('Not authenticated: the ZenML Pro token has expired. Log in at /auth/login again.');
      row = t;
    }
    if (!row) {
      throw unauthorized(
        'Not authenticated: this is not a ZenML Pro credential. The Pro API takes a Pro API key (ZENPROKEY_...), a personal access token, ' +
          'or a token from its /auth/login — never a workspace token or a workspace API key.',
      );
    }
    if (!row.active) throw unauthorized(`Not authenticated: the user '${row.name}' is not active.`);
    return { id: row.id, name: row.name, isAdmin: row.is_admin === 1, proUserId: row.external_user_id };
  }

  /**
   * `POST /auth/login`: a Pro API key or personal access token as `password` (or, here only, a
   * workspace user's `username` + `password`) → a Pro token, as ZenML Pro's OAuth2 form answers.
   */
  async login(form: Record<string, string>): Promise<Record<string, unknown>> {
    const password = form.password ?? '';
    const username = form.username ?? '';
    let row: AuthRow | undefined;
    if (!username) {
      if (!password) throw invalid("Send a ZenML Pro API key or personal access token as 'password'.");
      row = this.byCredential(password);
      if (!row) throw unauthorized('Not authenticated: the ZenML Pro API key or personal access token is not valid.');
    } else {
      const user = this.ws.db.get<UserRow & { external_user_id: string }>('SELECT * FROM users WHERE name = ?', [username]);
      const ok = user?.password_hash ? await verifyPassword(password, user.password_hash) : false;
      if (!user || !ok) throw unauthorized('Not authenticated: invalid username or password.');
      row = user;
    }
    if (!row.active) throw unauthorized(`Not authenticated: the user '${row.name}' is not active.`);
    const token = newAccessToken();
    this.ws.db.transaction(() => {
      this.ws.db.run('DELETE FROM pro_tokens WHERE expires_at <= ?', [Date.now()]);
      this.ws.db.run('INSERT INTO pro_tokens (token_hash, user_id, expires_at) VALUES (?, ?, ?)', [sha256(token), row.id, Date.now() + PRO_TOKEN_TTL_SECONDS * 1000]);
    });
    return { access_token: token, token_type: 'bearer', expires_in: PRO_TOKEN_TTL_SECONDS, device_id: null, device_metadata: null };
  }

  private byCredential(credential: string): AuthRow | undefined {
    const d = decode(credential.trim());
    if (!d) return undefined;
    const row = this.ws.db.get<AuthRow & { secret_hash: string; kind: string } & Row>(
      `SELECT u.id, u.name, u.is_admin, u.active, u.external_user_id, c.secret_hash, c.kind
         FROM pro_credentials c JOIN users u ON u.id = c.user_id WHERE c.id = ?`,
      [d.id],
    );
    if (!row || row.kind !== d.kind || !sameHash(row.secret_hash, sha256(d.secret))) return undefined;
    return row;
  }
}
