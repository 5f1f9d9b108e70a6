/**
 * The local workspace against web pages and guessers: Host names it was not bound for (DNS
 * rebinding), credentialed requests from other origins, password guessing per account and per
 * client, short new passwords, and sessions that outlive a password change or reset.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalWorkspace, type RunningWorkspace } from '../../local-workspace/src/index';
import { Client, startTestWorkspace, TestWorkspace } from './helpers';

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with full control of its headers (fetch cannot set Host) and of the local address. */
function raw(base: string, method: string, path: string, o: { headers?: Record<string, string>; body?: string; from?: string } = {}): Promise<Raw> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: o.headers, localAddress: o.from, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(o.body);
  });
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const login = (base: string, user: string, password: string, o: { headers?: Record<string, string>; from?: string } = {}) =>
  raw(base, 'POST', '/api/v1/login', { headers: { ...FORM, ...o.headers }, body: new URLSearchParams({ username: user, password }).toString(), from: o.from });

describe('Host and Origin', () => {
  let ws: TestWorkspace;
  let port: string;
  let allowing: RunningWorkspace;
  let allowingDir: string;
  before(async () => {
    ws = await startTestWorkspace();
    port = new URL(ws.server.url).port;
    allowingDir = mkdtempSync(join(tmpdir(), 'zp-allow-'));
    allowing = await startLocalWorkspace({ host: '127.0.0.1', port: 0, dataDir: allowingDir, log: () => undefined, allowHosts: ['zenml.internal'] });
  });
  after(async () => {
    await ws.stop();
    await allowing.close();
    rmSync(allowingDir, { recursive: true, force: true });
  });

  test('a Host the server was not bound for is refused with 421 on every route, public ones and unknown paths included', async () => {
    for (const [method, path] of [['GET', '/api/v1/info'], ['GET', '/api/v1/projects'], ['POST', '/api/v1/login'], ['GET', '/nowhere']]) {
      const r = await raw(ws.server.url, method, path, { headers: { host: `rebind.evil.example:${port}`, authorization: `Bearer ${ws.server.adminApiKey}` } });
      assert.equal(r.status, 421, `${method} ${path}: ${r.text}`);
      assert.match(r.text, /does not answer for the host 'rebind\.evil\.example'.*--allow-host/);
    }
    // The Pro API, at its own origin, answers the same names only.
    const proPort = new URL(ws.server.proApiUrl!).port;
    for (const [method, path] of [['GET', '/users'], ['POST', '/auth/login'], ['GET', '/nowhere']]) {
      const r = await raw(ws.server.proApiUrl!, method, path, { headers: { host: `rebind.evil.example:${proPort}`, authorization: `Bearer ${ws.server.proApiKey}` } });
      assert.equal(r.status, 421, `Pro API ${method} ${path}: ${r.text}`);
    }
  });

  test('loopback names, the address listened on, and names added with allowHosts are answered', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost', `[::1]:${port}`]) {
      assert.equal((await raw(ws.server.url, 'GET', '/api/v1/info', { headers: { host } })).status, 200, host);
    }
    const p = new URL(allowing.url).port;
    assert.equal((await raw(allowing.url, 'GET', '/api/v1/info', { headers: { host: `zenml.internal:${p}` } })).status, 200);
    assert.equal((await raw(allowing.url, 'GET', '/api/v1/info', { headers: { host: `other.internal:${p}` } })).status, 421);
  });

  test("a form posted to /login from another site's page is refused before any password is checked", async () => {
    for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { origin: `http://127.0.0.1:${Number(port) + 1}` }, { 'sec-fetch-site': 'cross-site' }] as Record<string, string>[]) {
      const r = await raw(ws.server.url, 'POST', '/api/v1/login', { headers: { ...FORM, ...headers }, body: new URLSearchParams({ password: ws.server.adminApiKey }).toString() });
      assert.equal(r.status, 403, `${JSON.stringify(headers)}: ${r.text}`);
      assert.ok(!r.text.includes('access_token'));
    }
    // The same form from the workspace's own origin, or from a client that sends no Origin, works.
    const own = await raw(ws.server.url, 'POST', '/api/v1/login', { headers: { ...FORM, origin: `http://localhost:${port}` }, body: new URLSearchParams({ password: ws.server.adminApiKey }).toString() });
    assert.equal(own.status, 200, own.text);
  });

  test('credentialed and changing requests from another origin are refused on every kind of route; plain reads of public routes are not', async () => {
    const auth = { authorization: `Bearer ${ws.server.adminApiKey}`, origin: 'http://evil.example' };
    assert.equal((await raw(ws.server.url, 'GET', '/api/v1/projects', { headers: auth })).status, 403);
    assert.equal((await raw(ws.server.proApiUrl!, 'GET', '/users', { headers: { ...auth, authorization: `Bearer ${ws.server.proApiKey}` } })).status, 403);
    assert.equal((await raw(ws.server.url, 'POST', '/api/v1/projects', { headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":"csrf"}' })).status, 403);
    assert.equal((await ws.admin.get('/api/v1/projects/csrf')).status, 404, 'the cross-site create did not happen');
    assert.equal((await raw(ws.server.url, 'GET', '/api/v1/info', { headers: { origin: 'http://evil.example' } })).status, 200);
  });
});

describe('password guessing', () => {
  let ws: TestWorkspace;
  before(async () => {
    ws = await startTestWorkspace();
    await ws.user('victim');
    for (let i = 0; i < 12; i++) await ws.user(`spray-${i}`);
  });
  after(() => ws.stop());

  test('120 wrong passwords for one user, 8 at a time: backoff with 429 and Retry-After after a few', async () => {
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let batch = 0; batch < 15; batch++) {
      const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => login(ws.server.url, 'victim', `guess-${batch}-${i}`)));
      for (const r of replies) {
        statuses.push(r.status);
        if (r.status === 429) {
          assert.match(String(r.headers['retry-after']), /^[1-9]\d*$/);
          retryAfter = Math.max(retryAfter, Number(r.headers['retry-after']));
          assert.match(r.text, /Too many failed sign-in attempts/);
        }
      }
    }
    const checked = statuses.filter((s) => s === 401).length;
    assert.ok(checked <= 8, `${checked} of 120 guesses had their password checked`);
    assert.equal(statuses.filter((s) => s === 429).length, 120 - checked);

    // The real user, from another client, is not locked out by someone else's guessing...
    const elsewhere = await login(ws.server.url, 'victim', 'pw-victim-secret', { from: '127.0.0.2' });
    assert.equal(elsewhere.status, 200, elsewhere.text);
    // ...and the guessing client itself may try again once the wait is over: nothing is permanent.
    await new Promise((r) => setTimeout(r, retryAfter * 1000 + 100));
    const later = await login(ws.server.url, 'victim', 'pw-victim-secret');
    assert.equal(later.status, 200, later.text);
  });

  test('one client guessing across many accounts is held back per client', async () => {
    const from = '127.0.0.3';
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await login(ws.server.url, `spray-${i}`, 'Winter2026!', { from })).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.ok(statuses.slice(10).every((s) => s === 429), statuses.join(','));
    // Other clients are unaffected.
    assert.equal((await login(ws.server.url, 'spray-11', 'pw-spray-11-secret', { from: '127.0.0.4' })).status, 200);
  });

  test("guessing a user's current password through old_password is throttled too", async () => {
    const { client } = await ws.user('changer');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await client.put('/api/v1/current-user', { old_password: `wrong-${i}`, password: 'a-new-password' })).status);
    assert.ok(statuses.includes(429), statuses.join(','));
  });
});

describe('passwords and sessions', () => {
  let ws: TestWorkspace;
  before(async () => {
    ws = await startTestWorkspace();
  });
  after(() => ws.stop());

  test('new passwords need at least 8 characters, on create, change and reset', async () => {
    const created = await ws.admin.post('/api/v1/users', { name: 'shorty', password: 'abc1234', active: true });
    assert.equal(created.status, 422, created.text);
    assert.match(created.text, /at least 8 characters/);
    const { id, client } = await ws.user('longer');
    assert.equal((await client.put('/api/v1/current-user', { old_password: 'pw-longer-secret', password: 'short' })).status, 422);
    assert.equal((await ws.admin.put(`/api/v1/users/${id}`, { password: 'short' })).status, 422);
    assert.equal((await ws.admin.put(`/api/v1/users/${id}`, { password: 'long-enough' })).status, 200);
  });

  test("changing one's password ends one's other sessions; an admin's reset ends them all", async () => {
    const { id, client: first } = await ws.user('rotator');
    const second = new Client(ws.server.url, await ws.anonymous.login('rotator', 'pw-rotator-secret'));
    assert.equal((await second.get('/api/v1/current-user')).status, 200);
    const changed = await first.put('/api/v1/current-user', { old_password: 'pw-rotator-secret', password: 'rotated-password-1' });
    assert.equal(changed.status, 200, changed.text);
    assert.equal((await second.get('/api/v1/current-user')).status, 401, 'a session from before the change still works');
    assert.equal((await first.get('/api/v1/current-user')).status, 200, 'the session that changed it goes on');

    const reset = await ws.admin.put(`/api/v1/users/${id}`, { password: 'reset-by-admin-1' });
    assert.equal(reset.status, 200, reset.text);
    assert.equal((await first.get('/api/v1/current-user')).status, 401, 'a session from before the reset still works');
    assert.equal((await ws.admin.get('/api/v1/current-user')).status, 200);
    assert.ok(await ws.anonymous.login('rotator', 'reset-by-admin-1'));
  });
});
