/**
 * Connecting to a ZenML workspace from VS Code: the extension is pointed at a real local
 * workspace through the `zenmlProjects.workspaceUrl` setting and signs in with an API key; a wrong
 * key and an unreachable URL end in sentences that say what happened and what to do.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { closedPort, harness, setWorkspaceUrl, signIn, signInAsAdmin, tearDownAfterRun, type Harness } from './projectsHarness';

tearDownAfterRun();

describe('connecting to a ZenML workspace', () => {
  let h: Harness;

  before(async () => {
    h = await harness();
  });

  afterEach(async () => {
    // Every test leaves the extension connected as the admin, whatever it did.
    if (vscode.workspace.getConfiguration('zenmlProjects').get('workspaceUrl') !== h.url) await setWorkspaceUrl(h.url);
    if (h.api.connectionState().kind !== 'connected') await signInAsAdmin(h);
  });

  it('connects with the admin API key and knows the workspace and the user', () => {
    const state = h.api.connectionState();
    assert.equal(state.kind, 'connected');
    if (state.kind !== 'connected') return;
    assert.equal(state.location.url, h.url);
    assert.equal(state.location.source, 'setting');
    assert.equal(state.user.name, 'admin');
    assert.equal(state.info.deployment_type, 'cloud', 'the Pro edition plays a ZenML Pro workspace');
    assert.ok(state.info.pro_api_url, 'the local workspace has access control');
    assert.notEqual(new URL(state.info.pro_api_url).origin, new URL(h.url).origin, 'at an origin of its own');
    assert.equal(typeof state.user.metadata?.external_user_id, 'string', 'the account names its Pro user');
  });

  it('a wrong API key: signed out, with a sentence that says to sign in again (401)', async () => {
    const wrong = 'ZENKEY_' + Buffer.from(JSON.stringify({ id: '0b9d4e3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b', key: 'not-the-secret' })).toString('base64');
    const state = await signIn(wrong);
    assert.equal(state.kind, 'signedOut', JSON.stringify(state));
    if (state.kind !== 'signedOut') return;
    assert.match(state.message ?? '', new RegExp(`the workspace at ${h.url.replace(/[.]/g, '\\.')} did not accept your credentials .*Sign in again\\.$`));
    assert.ok(!(state.message ?? '').includes('not-the-secret'), 'the key must never appear in a message');
    assert.equal(h.api.connectionState().kind, 'signedOut');
    // The tree shows the welcome content (nothing) while signed out.
    assert.deepEqual(await h.api.projectTree.getChildren(), []);
  });

  it('an unreachable workspace: where we tried, and where the URL comes from', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    await setWorkspaceUrl(url);
    const state = await signIn(h.adminApiKey);
    assert.equal(state.kind, 'unreachable', JSON.stringify(state));
    if (state.kind !== 'unreachable') return;
    assert.match(state.message, new RegExp(`the ZenML workspace at ${url.replace(/[.]/g, '\\.')} cannot be reached \\(connection refused\\)\\. Check that it is running and the URL is right\\. The URL comes from the setting zenmlProjects\\.workspaceUrl\\.$`));
    assert.ok(!state.message.includes(h.adminApiKey), 'the key must never appear in a message');
  });

  it('signs out and back in', async () => {
    await vscode.commands.executeCommand('zenmlProjects.signOut');
    assert.equal(h.api.connectionState().kind, 'signedOut');
    await signInAsAdmin(h);
    assert.equal(h.api.connectionState().kind, 'connected');
  });
});
