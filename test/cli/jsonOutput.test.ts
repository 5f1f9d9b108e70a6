/**
 * `validate --format json` stays JSON when a path or a value holds characters a terminal would
 * act on (bidi overrides, C1 controls): they are JSON escapes, not the terminal's `\u{…}` form.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');

test('validate --format json with a bidi override and a C1 control in the path parses to that path', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zp-json-'));
  try {
    const folder = 'team\u202eeman\u009b';
    mkdirSync(path.join(dir, folder));
    writeFileSync(path.join(dir, folder, 'project.yaml'), 'id: x\nbogus: 1\n');
    const r = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', folder], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(!/[\u202e\u009b]/.test(r.stdout), JSON.stringify(r.stdout));
    const diagnostics = JSON.parse(r.stdout) as { file: string; code: string }[];
    assert.ok(diagnostics.some((d) => d.code === 'unknown-key' && d.file === `${folder}/project.yaml`), r.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
