/**
 * `zenml-projects … | head -1`: when the reader of the output goes away, every command ends at
 * once and quietly with 141 (128 + SIGPIPE, as a Unix tool cut short by its pipe), never with
 * an EPIPE stack trace. The pipe is closed before the command writes anything, so every run
 * meets the closed pipe whatever the machine's speed.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

const BIN = path.resolve('bin/zenml-projects.js');
let ws: TestWorkspace;
let dir: string;

/** Runs the CLI with `closed` ('stdout' or 'stderr') closed by its reader at once; the other is read. */
function withClosed(closed: 'stdout' | 'stderr', args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; other: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: dir,
      env: { ...process.env, ZENML_STORE_URL: ws.server.url, ZENML_STORE_API_KEY: ws.server.adminApiKey, ZENML_PRO_API_KEY: ws.server.proApiKey ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child[closed].destroy();
    let other = '';
    child[closed === 'stdout' ? 'stderr' : 'stdout'].on('data', (d) => (other += d));
    child.on('close', (code, signal) => resolve({ code, signal, other }));
  });
}

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  dir = mkdtempSync(path.join(tmpdir(), 'zp-closed-'));
  writeFileSync(path.join(dir, 'project.yaml'), 'id: fraud-detection\nname: Fraud\ndescription: changed here\n');
});
after(async () => {
  await ws.stop();
  rmSync(dir, { recursive: true, force: true });
});

for (const args of [['usage'], ['prune', 'fraud-detection', '--dry-run'], ['validate'], ['plan', 'project.yaml'], ['import', 'fraud-detection'], ['report', 'project.yaml'], ['usage', '--format', 'json'], ['help']]) {
  test(`${args.join(' ')} with its output closed: exit 141, no message, no stack trace`, async () => {
    const r = await withClosed('stdout', args);
    assert.equal(r.signal, null);
    assert.equal(r.code, 141, r.other);
    assert.equal(r.other, '');
  });
}

test('an error written to a closed stderr ends the command the same way', async () => {
  const r = await withClosed('stderr', ['usage', 'nope']);
  assert.equal(r.code, 141);
  assert.equal(r.other, '');
});

test('a full disk (ENOSPC) under the output ends the command with one sentence and exit 1, not a stack trace', { skip: !existsSync('/dev/full') && 'no /dev/full here' }, () => {
  for (const args of [['--version'], ['validate', 'test/fixtures']]) {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [path.resolve('bin/zenml-projects.js'), ...args], { stdio: ['ignore', full, 'pipe'], encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, 'zenml-projects: could not write the output (ENOSPC); it is incomplete.\n');
    } finally {
      closeSync(full);
    }
  }
});
