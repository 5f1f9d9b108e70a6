/**
 * `zenml-projects validate`, run as the bundled CLI in a child process over real files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');
let dir: string;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zp-cli-'));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  put('good/project.yaml', 'id: good\ndescription: fine\nmembers:\n  - user: a@x.io\n    role: admin\n');
  put('bad/project.yml', 'id: Bad Id\ndescription: d\nmembers:\n  - user: a\n    role: owner\n');
  put('warn/project.yaml', 'id: warn\ndescription: d\n');
  put('other/project.yaml', 'name: website\nversion: 1\n');
  put('node_modules/pkg/project.yaml', 'id: Ignored Id\n');
  put('teams/payments.yaml', 'id: Payments\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('text output: file:line:col: severity code message, exit 1 on errors', () => {
  const r = run(['validate', 'bad']);
  assert.equal(r.code, 1);
  const lines = r.out.trim().split('\n');
  assert.equal(lines[0], "bad/project.yml:1:5: error invalid-project-id Project ID may only contain lowercase letters, digits, '-' and '_' (ZenML only accepts lowercase); found 'Bad Id'.");
  assert.match(lines[1], /^bad\/project\.yml:3:1: warning no-admin /);
  assert.match(lines[2], /^bad\/project\.yml:5:11: error unknown-role 'owner'/);
  assert.equal(lines[3], 'Checked 1 project file: 2 errors, 1 warnings, 0 notes.');
});

test('folders are searched recursively; other tools\' project.yaml and node_modules are skipped', () => {
  const r = run(['validate']);
  assert.equal(r.code, 1);
  assert.match(r.out, /Checked 3 project files: 2 errors, 2 warnings, 0 notes\./);
  assert.doesNotMatch(r.out, /other\/project\.yaml|node_modules|payments/);
});

test('warnings alone exit 0', () => {
  const r = run(['validate', 'warn', 'good']);
  assert.equal(r.code, 0, r.out + r.err);
  assert.match(r.out, /warn\/project\.yaml:1:1: warning no-admin/);
});

test('a file named explicitly is checked whatever its name', () => {
  const r = run(['validate', 'teams/payments.yaml']);
  assert.equal(r.code, 1);
  assert.match(r.out, /teams\/payments\.yaml:1:5: error invalid-project-id/);
});

test('--format json prints LSP ranges and severity names', () => {
  const r = run(['validate', 'bad', '--format', 'json']);
  assert.equal(r.code, 1);
  const reports = JSON.parse(r.out);
  assert.deepEqual(reports[0], {
    file: 'bad/project.yml',
    range: { start: { line: 0, character: 4 }, end: { line: 0, character: 10 } },
    severity: 'error',
    code: 'invalid-project-id',
    message: "Project ID may only contain lowercase letters, digits, '-' and '_' (ZenML only accepts lowercase); found 'Bad Id'.",
  });
  assert.deepEqual(reports.map((x: { severity: string }) => x.severity), ['error', 'warning', 'error']);
});

test('usage and I/O errors exit 2 with a clear message', () => {
  const missing = run(['validate', 'nowhere']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /'nowhere' does not exist/);
  const format = run(['validate', '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.err, /--format must be 'text' or 'json'/);
  const option = run(['validate', '--frobnicate']);
  assert.equal(option.code, 2);
  const command = run(['frobnicate']);
  assert.equal(command.code, 2);
  assert.match(command.err, /unknown command 'frobnicate'/);
});

test('the shipped examples are valid', () => {
  const r = spawnSync(process.execPath, [BIN, 'validate', 'examples'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /Checked 2 project files: 0 errors, 0 warnings, 0 notes\./);
});
