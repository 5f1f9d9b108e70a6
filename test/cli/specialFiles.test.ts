/** `validate` named a pipe or a link to a device: refused at once (exit 64, a usage error), never read. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');

test('validate refuses a named pipe or a link to /dev/zero given as a project file', { skip: process.platform === 'win32' }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zp-special-'));
  try {
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    symlinkSync('/dev/zero', path.join(dir, 'zero.yaml'));
    for (const name of ['pipe.yaml', 'zero.yaml']) {
      const r = spawnSync(process.execPath, [BIN, 'validate', name], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(r.status, 64, `${name}: ${r.stderr}`);
      assert.match(r.stderr, new RegExp(`'${name}' is not a regular file`));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
