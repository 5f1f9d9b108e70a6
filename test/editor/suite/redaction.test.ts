/**
 * Credentials never reach what the extension shows: a workspace (or a proxy in front of it) whose
 * errors echo the login form or the bearer token, and a workspace URL with a password in it. The
 * sentences, the notifications, the log and the tree are checked, through a proxy in front of the
 * real local workspace that misbehaves on cue.
 */
import * as assert from 'node:assert/strict';
import { HostileProxy } from '../../lib/hostileProxy';
import { failure, harness, setWorkspaceUrl, signIn, signInAsAdmin, tearDownAfterRun, type Harness } from './projectsHarness';

tearDownAfterRun();

describe('no credential in what the extension shows', () => {
  let h: Harness;
  let proxy: HostileProxy;

  before(async () => {
    h = await harness();
    proxy = await HostileProxy.start(h.url);
  });

  after(async () => {
    await setWorkspaceUrl(h.url);
    await signInAsAdmin(h);
    await proxy.stop();
  });

  beforeEach(() => {
    proxy.rules = [];
    proxy.seen.length = 0;
  });

  /** Everything shown or logged so far, and the tree's labels. */
  const shown = () => {
    const o = h.api.output();
    return [...o.notifications, ...o.log].join('\n');
  };
  const assertAbsent = (text: string, secrets: string[]) => {
    for (const s of secrets) for (const form of [s, encodeURIComponent(s), s.slice(7, 40)]) assert.ok(!text.includes(form), `a credential was shown (${form.slice(0, 10)}…):\n${text}`);
  };

  it('a sign-in error that echoes the login form: the sentence, the notification and the log are redacted', async () => {
    proxy.rules.push((r) => (r.path.startsWith('/api/v1/login') ? { status: 500, body: { detail: ['RuntimeError', `bad form: ${r.body}`] } } : undefined));
    await setWorkspaceUrl(proxy.url);
    const state = await signIn(h.adminApiKey);
    assert.notEqual(state.kind, 'connected');
    const message = 'message' in state ? (state.message ?? '') : '';
    assert.match(message, /bad form: password=\*\*\*/);
    assert.ok(h.api.output().log.some((l) => l.includes('password=***')), 'the failure is logged');
    assertAbsent(message + shown(), [h.adminApiKey]);
  });

  it("a command's error that echoes the bearer token: its sentence, notification and log are redacted", async () => {
    await setWorkspaceUrl(proxy.url);
    assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
    proxy.rules.push((r) => (r.method === 'POST' && r.path.startsWith('/api/v1/projects') ? { status: 500, body: { detail: `refused ${r.headers.authorization?.slice(7)}; headers ${JSON.stringify(r.headers)}` } } : undefined));
    const error = await failure('zenmlProjects.createProject', { displayName: 'Echoed', id: 'echoed' });
    const tokens = [...new Set(proxy.seen.map((s) => s.headers.authorization?.slice(7)).filter((t): t is string => !!t))];
    assert.ok(tokens.length > 0);
    assert.match(error, /refused \*\*\*/);
    assert.ok(h.api.output().notifications.some((n) => n.includes('refused ***')), 'the error was shown');
    assertAbsent(error + shown(), [...tokens, h.adminApiKey]);
  });

  it('a workspace URL with a password: warned about, never shown or sent, and the connection goes on without it', async () => {
    await setWorkspaceUrl(proxy.url.replace('http://', 'http://ada:hunter2-secret@'));
    const state = await signIn(h.adminApiKey);
    assert.equal(state.kind, 'connected', JSON.stringify(state));
    if (state.kind !== 'connected') return;
    assert.equal(state.location.url, proxy.url);
    assert.ok(h.api.output().notifications.some((n) => /carries a user name or password/.test(n)), 'the user is warned');
    assert.ok(!shown().includes('hunter2'), shown());
    assert.ok(proxy.seen.length > 0 && proxy.seen.every((s) => !s.headers.authorization?.startsWith('Basic')), 'the userinfo was sent');
  });
});
