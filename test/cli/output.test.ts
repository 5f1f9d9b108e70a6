/**
 * What the CLI prints when the workspace (or a proxy in front of it) is hostile: error text that
 * echoes the login form, the bearer token or the request headers; redirects to another origin;
 * names carrying terminal escape sequences or spreadsheet formulas; and URLs with credentials.
 * The real local workspace stands behind a proxy that misbehaves on cue.
 */
import { after, before, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import * as path from 'node:path';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';
import { cliAgainst } from '../lib/cliAgainst';
import { HostileProxy } from '../lib/hostileProxy';

let ws: TestWorkspace;
let proxy: HostileProxy;
let dir: string;

const cli = (args: string[], env: Record<string, string> = {}) => cliAgainst(ws, args, dir, { ZENML_STORE_URL: proxy.url, ZENML_STORE_API_TOKEN: '', ...env });

/** Every token the proxy saw in an Authorization header. */
function tokensSeen(): string[] {
  return [...new Set(proxy.seen.map((s) => s.headers.authorization?.replace(/^Bearer /, '')).filter((t): t is string => !!t))];
}

function assertNoSecrets(text: string, secrets: string[]): void {
  for (const s of secrets) {
    for (const form of [s, encodeURIComponent(s), s.slice(7, 40)]) assert.ok(!text.includes(form), `printed a credential (${form.slice(0, 12)}…):\n${text}`);
  }
}

const FILE = `id: payments
name: Payments
members:
  - user: ada
    role: admin
  - user: grace
    role: viewer
`;

before(async () => {
  ws = await startTestWorkspace();
  proxy = await HostileProxy.start(ws.server.url);
  dir = mkdtempSync(path.join(tmpdir(), 'zp-hostile-'));
  const ada = await ws.user('ada');
  const grace = await ws.user('grace');
  const p = await ws.project('payments', 'Payments');
  await ws.assign('Project Admin', p.id, { user_id: ada.proId });
  await ws.assign('Project Viewer', p.id, { user_id: grace.proId });
  writeFileSync(path.join(dir, 'project.yaml'), FILE);
});

beforeEach(() => {
  proxy.rules = [];
  proxy.rewrites = [];
  proxy.seen.length = 0;
});

after(async () => {
  await proxy.stop();
  await ws.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a login error that echoes the form (API key included) is printed redacted by plan, apply, import and report', async () => {
  proxy.rules.push((r) => (r.path.startsWith('/api/v1/login') ? { status: 500, body: { detail: ['RuntimeError', `bad form: ${r.body}`] } } : undefined));
  for (const args of [['plan'], ['apply', '--yes'], ['import', 'payments'], ['report']]) {
    const r = await cli(args);
    assert.equal(r.code, 1, `${args[0]}: ${r.err}`);
    // plan and apply print a workspace's failure under its heading (stdout); import and report on stderr.
    assert.match(r.out + r.err, /bad form: password=\*\*\*/, args[0]);
    assertNoSecrets(r.out + r.err, [ws.server.adminApiKey]);
  }
});

test('an error that echoes the bearer token (an opaque one, not key-shaped) is printed without it', async () => {
  const token = await ws.anonymous.login('ada', 'pw-ada-secret');
  proxy.rules.push((r) => (r.path.startsWith('/api/v1/projects/') ? { status: 500, body: { detail: `request from ${r.headers.authorization?.slice(7)} refused; headers were ${JSON.stringify(r.headers)}` } } : undefined));
  const r = await cli(['plan'], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token });
  assert.equal(r.code, 1, r.err);
  assert.match(r.out + r.err, /request from \*\*\* refused/);
  assertNoSecrets(r.out + r.err, [token]);
});

test('a change that fails half-way with the request headers in its message is reported without the token', async () => {
  proxy.rules.push((r) => (r.method === 'POST' && /\/assignments/.test(r.path) ? { status: 500, body: { detail: ['RuntimeError', `cannot assign; headers: ${JSON.stringify(r.headers)}`] } } : undefined));
  proxy.rules.push((r) => (r.method === 'DELETE' && /\/assignments/.test(r.path) ? { status: 500, body: { detail: ['RuntimeError', `no; Authorization: ${r.headers.authorization}`] } } : undefined));
  writeFileSync(path.join(dir, 'change.yaml'), FILE.replace('role: viewer', 'role: developer'));
  const r = await cli(['apply', '--yes', 'change.yaml']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /✗/);
  assert.ok(tokensSeen().length > 0);
  assertNoSecrets(r.out + r.err, [...tokensSeen(), ws.server.adminApiKey]);
});

test('a redirect to another origin is not followed with credentials, on /login or any authenticated call', async () => {
  const elsewhere = await HostileProxy.start();
  try {
    proxy.rules.push((r) => (r.path.startsWith('/api/v1/login') ? { status: 307, headers: { location: `${elsewhere.url}/api/v1/login` } } : undefined));
    let r = await cli(['plan']);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out + r.err, new RegExp(`redirected to another origin, ${elsewhere.url.replace(/[.]/g, '\\.')}`));
    assert.equal(elsewhere.seen.length, 0, 'the API key was sent to another origin');

    const token = await ws.anonymous.login('ada', 'pw-ada-secret');
    proxy.rules = [(r2) => (r2.path.startsWith('/api/v1/projects/') ? { status: 308, headers: { location: `${elsewhere.url}${r2.path}` } } : undefined)];
    r = await cli(['plan'], { ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token });
    assert.equal(r.code, 1, r.err);
    assert.equal(elsewhere.seen.length, 0, 'the token was sent to another origin');
  } finally {
    await elsewhere.stop();
  }
});

test('a redirect within the same origin is followed', async () => {
  let redirected = false;
  proxy.rules.push((r) => {
    if (r.path !== '/api/v1/login' || redirected) return undefined;
    redirected = true;
    return { status: 307, headers: { location: '/api/v1/login?moved=1' } };
  });
  const r = await cli(['plan']);
  assert.notEqual(r.code, 1, r.err);
  assert.match(r.out, /Project 'payments'/);
  assert.ok(redirected);
  assert.ok(proxy.seen.some((s) => s.path === '/api/v1/login?moved=1' && s.method === 'POST'));
});

test('a URL with a user name or password is refused and never shown with them, from --url or ZENML_STORE_URL', async () => {
  const withSecret = proxy.url.replace('http://', 'http://ada:hunter2-secret@');
  for (const [args, env] of [
    [['plan', '--url', withSecret], {}],
    [['plan'], { ZENML_STORE_URL: withSecret }],
  ] as [string[], Record<string, string>][]) {
    const r = await cli(args, env);
    assert.equal(r.code, 64, r.err);
    assert.match(r.err, /carries a user name or password/);
    assert.ok(r.err.includes(proxy.url), r.err);
    assert.ok(!r.err.includes('hunter2') && !r.err.includes('ada:'), r.err);
    assert.equal(proxy.seen.length, 0);
  }
});

test('a workspace URL that is not a URL, or not http(s), is a usage error before any request, and a malformed one is not echoed', async () => {
  for (const [url, expected] of [
    ['not a url', /the workspace URL \(ZENML_STORE_URL\) is not a URL/],
    ['http//ada:hunter2-secret@host', /the workspace URL \(ZENML_STORE_URL\) is not a URL/],
    [proxy.url.replace('http:', 'ftp:'), /must start with https:\/\/ or http:\/\//],
  ] as [string, RegExp][]) {
    const r = await cli(['plan'], { ZENML_STORE_URL: url });
    assert.equal(r.code, 64, r.err);
    assert.match(r.err, expected);
    assert.ok(!r.err.includes('hunter2'), r.err);
    assert.equal(r.out, '');
    assert.equal(proxy.seen.length, 0);
  }
});

const EVIL = 'grace\u001b]8;;http://evil.example\u0007\u001b[2J\u009b31m\u202e';

/** Every string the workspace answers with that names grace names her with escape sequences. */
function renameGrace(to: string) {
  const walk = (v: unknown): unknown =>
    typeof v === 'string' ? v.replace(/^grace$/, to) : Array.isArray(v) ? v.map(walk) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)])) : v;
  proxy.rewrites.push((_req, body) => walk(body));
}

test('names with terminal escape sequences are shown escaped by plan, report and import', async () => {
  renameGrace(EVIL);
  writeFileSync(path.join(dir, 'no-grace.yaml'), FILE.replace(/ {2}- user: grace\n {4}role: viewer\n/, ''));
  const outputs = [await cli(['plan', 'no-grace.yaml']), await cli(['report', 'project.yaml']), await cli(['import', 'payments'])];
  for (const r of outputs) {
    const all = r.out + r.err;
    assert.ok(all.includes('grace'), all);
    assert.ok(!/[\u001b\u0007\u009b\u202e]/.test(all), `raw control characters reached the terminal:\n${JSON.stringify(all)}`);
  }
  assert.ok(outputs[0].out.includes('\\x1b]8;;http://evil.example\\x07'), outputs[0].out);
});

test('import prints a name with escape sequences as YAML that reads back to the same name', async () => {
  renameGrace(EVIL);
  const r = await cli(['import', 'payments']);
  assert.equal(r.code, 0, r.err);
  assert.ok(!/[\u001b\u0007\u009b\u202e]/.test(r.out), JSON.stringify(r.out));
  const members = (parse(r.out) as { members: { user?: string }[] }).members;
  assert.ok(members.some((m) => m.user === EVIL), r.out);
});

test('plan --format json with a name with escape sequences is JSON that reads back to the same name', async () => {
  renameGrace(EVIL);
  writeFileSync(path.join(dir, 'no-grace.yaml'), FILE.replace(/ {2}- user: grace\n {4}role: viewer\n/, ''));
  const r = await cli(['plan', '--format', 'json', 'no-grace.yaml']);
  assert.equal(r.code, 2, r.err);
  assert.ok(!/[\u001b\u0007\u009b\u202e]/.test(r.out), JSON.stringify(r.out));
  const plans = JSON.parse(r.out) as { changes: { summary: string }[] }[];
  assert.ok(plans[0].changes.some((c) => c.summary.includes(EVIL)), r.out);
});

test('a user named like a formula is a neutralised cell in the CSV access report', async () => {
  renameGrace('=HYPERLINK("http://evil.example","grace")');
  const r = await cli(['report', '--format', 'csv', 'project.yaml']);
  const line = r.out.split('\n').find((l) => l.includes('HYPERLINK'));
  assert.ok(line, r.out + r.err);
  assert.ok(line.startsWith(`"'=HYPERLINK(`), line);
});
