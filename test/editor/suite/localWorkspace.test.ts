/**
 * The bundled local workspace as the extension runs it: started under the extension host's own
 * runtime, left running when the user keeps it, found again by the next window instead of being
 * started twice on the same data folder, and stopped.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalWorkspaceProcess } from '../../../client/src/connection/localWorkspaceProcess';

function cliPath(): string {
  const ext = vscode.extensions.getExtension('zenml-projects.zenml-projects');
  assert.ok(ext, 'the extension under development is not loaded');
  return path.join(ext.extensionPath, 'dist', 'cli.js');
}

async function answers(url: string): Promise<boolean> {
  return fetch(`${url}/api/v1/info`, { signal: AbortSignal.timeout(3000) }).then(
    (r) => r.ok,
    () => false,
  );
}

describe('the local workspace the extension runs', () => {
  let dataDir: string;

  before(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'zp-local-ws-'));
  });

  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, is kept for the next window, is found again rather than started twice, and stops', async () => {
    const first = new LocalWorkspaceProcess(cliPath(), dataDir);
    const started = await first.start();
    assert.match(started.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(started.adminApiKey, /^ZENKEY_/);
    assert.equal(await answers(started.url), true);

    // The window closes with keepRunning: the server stays up and says where it is.
    await first.detach();
    assert.ok(existsSync(path.join(dataDir, 'kept-server.json')));
    first.dispose();
    assert.equal(await answers(started.url), true, 'the kept server still answers');

    // The next window finds it.
    const second = new LocalWorkspaceProcess(cliPath(), dataDir);
    const found = await second.start();
    assert.equal(found.url, started.url, 'the same server, not a second one');
    assert.equal(found.adminApiKey, started.adminApiKey);

    await second.stop();
    assert.equal(second.current, undefined);
    assert.equal(await answers(started.url), false, 'stopped');
    assert.equal(existsSync(path.join(dataDir, 'kept-server.json')), false);

    // A stale record (its server gone) is dropped, and a fresh server starts.
    const third = new LocalWorkspaceProcess(cliPath(), dataDir);
    const fresh = await third.start();
    assert.equal(await answers(fresh.url), true);
    await third.stop();
  });
});
