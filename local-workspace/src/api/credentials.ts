/**
 * Passwords, API keys and access tokens. Passwords are stored as scrypt hashes; API keys and
 * tokens carry enough randomness that a SHA-256 of them is what we store. No secret is logged.
 */
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT = { N: 16384, r: 8, p: 1, keylen: 32 };

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT.keylen, { N: SCRYPT.N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || Number(n) !== SCRYPT.N || Number(r) !== SCRYPT.r || Number(p) !== SCRYPT.p) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export const API_KEY_PREFIX = 'ZENKEY_';

/** ZenML's API key format: `ZENKEY_` + base64 of `{"id": <key UUID>, "key": <secret>}`. */
export function makeApiKey(id: string): { apiKey: string; secretHash: string } {
  const secret = randomBytes(32).toString('base64url');
  const apiKey = API_KEY_PREFIX + Buffer.from(JSON.stringify({ id, key: secret })).toString('base64');
  return { apiKey, secretHash: sha256(secret) };
}

export function parseApiKey(apiKey: string): { id: string; secret: string } | undefined {
  if (!apiKey.startsWith(API_KEY_PREFIX)) return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(apiKey.slice(API_KEY_PREFIX.length), 'base64').toString('utf8')) as { id?: unknown; key?: unknown };
    if (typeof decoded.id === 'string' && typeof decoded.key === 'string') return { id: decoded.id, secret: decoded.key };
  } catch {
    // Not a key of ours.
  }
  return undefined;
}

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function newAccessToken(): string {
  return randomBytes(32).toString('base64url');
}
