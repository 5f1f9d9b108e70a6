/** `workspace serve`'s usage errors echo the option as visible escapes, never as terminal control sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');

test('a --name with escape sequences is refused and shown escaped', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zp-serve-'));
  try {
    for (const args of [['serve', '--port', '0', '--data', dir, '--name', 'ev\u001b[2Jil\u202e'], ['ev\u001b]0;x\u0007il']]) {
      const r = spawnSync(process.execPath, [BIN, 'workspace', ...args], { encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 64, r.stderr);
      assert.ok(!/[\u001b\u0007\u202e]/.test(r.stderr), JSON.stringify(r.stderr));
      assert.match(r.stderr, /ev\\x1b/);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
