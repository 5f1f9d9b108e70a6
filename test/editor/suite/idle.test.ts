/**
 * Idle means idle: with the Projects view open in a real VS Code and nothing changing, the
 * extension makes no requests to the workspace and draws the tree no more — connected, and with
 * the workspace gone, where it tries again with backoff instead of in a loop. Requests are
 * counted by a relay between the extension and the workspace; drawings by the tree's change event.
 * (The drift timer is documented and runs every 60 s, longer than the quiet periods here.)
 */
import * as assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import * as vscode from 'vscode';
import { startRecordingRelay, type RecordingRelay } from '../recordingRelay';
import { waitFor } from './editorState';
import { harness, setWorkspaceUrl, signIn, signInAsAdmin, tearDownAfterRun, type Harness } from './projectsHarness';

tearDownAfterRun();

const QUIET_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle: the Projects view open, nothing changing', () => {
  let h: Harness;
  let relay: RecordingRelay | undefined;
  let refusing: Server | undefined;
  const sockets = new Set<Socket>();

  before(async () => {
    h = await harness();
    relay = await startRecordingRelay(h.url);
    await setWorkspaceUrl(relay.url);
    assert.equal((await signIn(h.adminApiKey)).kind, 'connected');
    await vscode.commands.executeCommand('zenmlProjects.projects.focus');
  });

  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => (refusing ? refusing.close(() => r()) : r()));
    await relay?.close().catch(() => undefined);
    await setWorkspaceUrl(h.url);
    await signInAsAdmin(h);
  });

  /** Waits until `count` has not grown for a second (at most 30 s). */
  async function settled(count: () => number, what: string): Promise<void> {
    let last = -1;
    await waitFor(
      `${what} to end`,
      async () => {
        const n = count();
        const done = n === last;
        last = n;
        if (!done) await sleep(1_000);
        return done;
      },
      () => `${count()} so far`,
      30_000,
    );
  }

  /** Counts the tree's redraws and what `count` counts over a quiet period. */
  async function overQuietPeriod(count: () => number): Promise<{ redraws: number; requests: number }> {
    let redraws = 0;
    const listening = h.api.projectTree.onDidChangeTreeData!(() => redraws++);
    const before = count();
    try {
      await sleep(QUIET_MS);
    } finally {
      listening.dispose();
    }
    return { redraws, requests: count() - before };
  }

  it('connected: no requests and no redraws', async () => {
    await relay!.waitFor('the view to list the projects', (r) => r.path.startsWith('/api/v1/projects'));
    // Let what the view and the status bar read on opening finish.
    await settled(() => relay!.requests.length, 'requests of opening the view');
    const quiet = await overQuietPeriod(() => relay!.requests.length);
    assert.deepEqual(quiet, { redraws: 0, requests: 0 }, `during ${QUIET_MS} ms: ${JSON.stringify(relay!.requests.slice(-quiet.requests))}`);
  });

  it('the workspace gone: tried again with backoff, not in a loop', async () => {
    // The workspace goes away; at its address something now cuts every connection (and counts them).
    const port = Number(new URL(relay!.url).port);
    await relay!.close();
    relay = undefined;
    let attempts = 0;
    const seen: string[] = [];
    refusing = createServer((socket) => {
      attempts++;
      sockets.add(socket);
      // Read the request line (to say what was asked), then cut the connection.
      socket.once('data', (chunk) => {
        seen.push(`${new Date().toISOString().slice(11, 23)} ${String(chunk).split('\r\n')[0]}`);
        socket.destroy();
      });
    });
    await new Promise<void>((r) => refusing!.listen(port, '127.0.0.1', () => r()));
    // Refresh: the tree asks again, and fails.
    await vscode.commands.executeCommand('zenmlProjects.refresh');
    await waitFor('the tree to ask the gone workspace', () => attempts > 0, () => `${attempts} connections`);
    // What the refresh itself asks settles (a loop never does: then this times out).
    await settled(() => attempts, `connections to the gone workspace:\n${seen.join('\n')}`);
    const quiet = await overQuietPeriod(() => attempts);
    // A loop makes dozens of each; backoff at most one retry (the first comes after 5 s).
    assert.ok(quiet.requests <= 1, `${quiet.requests} connections during ${QUIET_MS} ms; all requests:\n${seen.join('\n')}`);
    assert.ok(quiet.redraws <= 1, `${quiet.redraws} redraws during ${QUIET_MS} ms`);
  });
});
