/**
 * The teaching checks and suppression comments in `zenml-projects validate`: the same diagnostics
 * as the editor, options from `.zenml-projects.yaml` and from flags, and clear refusals of a
 * broken config.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');
let dir: string;

function run(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function put(rel: string, text: string): void {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}

const users = (n: number) => Array.from({ length: n }, (_, i) => `  - user: u${i}@acme.com\n    role: viewer\n`).join('');

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'zp-cli-teach-'));
  put('repo/fraud/project.yaml', `id: fraud\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n${users(3)}`);
  put('repo/quiet/project.yaml', `# zenml-projects-disable use-team -- these three are contractors, no team for them\nid: ml-quiet\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n${users(3)}`);
  put('repo/typo/project.yaml', `# zenml-projects-disable use-teams\nid: ml-typo\ndescription: d\nmembers:\n  - user: alice@acme.com\n    role: admin\n`);
  put('repo/.zenml-projects.yaml', `# shared by CI and the editor's settings\nchecks:\n  teamThreshold: 3\n  projectIdPattern: '^(ml|data)-'\n`);
  put('plain/project.yaml', `id: fraud\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n${users(3)}`);
  put('broken-config/.zenml-projects.yaml', 'checks:\n  projectIdPattern: "(["\n');
  put('broken-config/p/project.yaml', 'id: p\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

test('the config file found upwards sets the threshold and the naming convention', () => {
  const r = run(['validate', 'fraud', '--format', 'json'], path.join(dir, 'repo'));
  assert.equal(r.code, 0, r.err);
  const reports = JSON.parse(r.out) as { code: string; severity: string; message: string; range: { start: { line: number } } }[];
  assert.deepEqual(reports.map((x) => [x.code, x.severity, x.range.start.line]), [
    ['naming-convention', 'warning', 0],
    ['use-team', 'hint', 2],
  ]);
  assert.match(reports[0].message, /The Project ID 'fraud' does not follow this workspace's naming convention/);
  // Where the option comes from, for a CI run too: not only the editor's setting.
  assert.match(reports[0].message, /\(the check option projectIdPattern: from the CLI's flag, \.zenml-projects\.yaml or the editor's setting zenmlProjects\.checks\.projectIdPattern\)\.$/);
  assert.match(reports[1].message, /is the check option teamThreshold: from the CLI's --team-threshold, \.zenml-projects\.yaml or the editor's setting zenmlProjects\.checks\.teamThreshold\)\.$/);
});

test('suppression comments are honoured, and an unknown code is a warning', () => {
  const r = run(['validate', 'quiet', 'typo'], path.join(dir, 'repo'));
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /quiet\/project\.yaml/);
  assert.match(r.out, /typo\/project\.yaml:1:26: warning invalid-suppression 'use-teams' is not a code of zenml-projects, so this comment switches nothing off\. Did you mean 'use-team'\?/);
  assert.match(r.out, /typo\/project\.yaml:5:11: hint single-admin alice@acme\.com is the project's only admin/);
});

test('without a config file the defaults apply; flags set the options', () => {
  const plain = run(['validate', 'plain', '--format', 'json']);
  assert.deepEqual(JSON.parse(plain.out), []);
  const flagged = run(['validate', 'plain', '--format', 'json', '--team-threshold', '2', '--project-id-pattern=^ml-', '--project-name-pattern', '^[A-Z]']);
  assert.deepEqual(JSON.parse(flagged.out).map((x: { code: string }) => x.code), ['naming-convention', 'use-team']);
  // A flag overrides the config file, and --config names one explicitly.
  const off = run(['validate', 'fraud', '--format', 'json', '--team-threshold', '0'], path.join(dir, 'repo'));
  assert.deepEqual(JSON.parse(off.out).map((x: { code: string }) => x.code), ['naming-convention']);
  const named = run(['validate', 'plain', '--format', 'json', '--config', 'repo/.zenml-projects.yaml']);
  assert.deepEqual(JSON.parse(named.out).map((x: { code: string }) => x.code), ['naming-convention', 'use-team']);
});

test('a broken config or option stops with exit 64 (usage) and says what is wrong', () => {
  const bad = run(['validate'], path.join(dir, 'broken-config'));
  assert.equal(bad.code, 64);
  assert.match(bad.err, /checks\.projectIdPattern is not a valid regular expression/);
  const threshold = run(['validate', 'plain', '--team-threshold', 'many']);
  assert.equal(threshold.code, 64);
  assert.match(threshold.err, /teamThreshold must be a whole number ≥ 0/);
  const missing = run(['validate', 'plain', '--config', 'nowhere.yaml']);
  assert.equal(missing.code, 64);
  assert.match(missing.err, /cannot read the config file .*nowhere\.yaml': ENOENT/);
  const noValue = run(['validate', 'plain', '--project-id-pattern']);
  assert.equal(noValue.code, 64);
  assert.match(noValue.err, /--project-id-pattern needs a value/);
});

test('each file follows the nearest config above it, from whatever folder validate runs in', () => {
  // The nearest file is the whole convention of its folder (nothing is inherited from the one above).
  put('repo/legacy/.zenml-projects.yaml', "# the old projects keep their IDs\nchecks:\n  teamThreshold: 3\n  projectIdPattern: ''\n");
  put('repo/legacy/old/project.yaml', `id: old-fraud\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n${users(3)}`);
  // From the temporary folder above the repository: the repository's convention still applies.
  const r = run(['validate', 'repo/fraud', 'repo/legacy', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const reports = JSON.parse(r.out) as { file: string; code: string }[];
  assert.deepEqual(reports.map((x) => [x.file, x.code]), [
    ['repo/fraud/project.yaml', 'naming-convention'],
    ['repo/fraud/project.yaml', 'use-team'],
    // The nested file turns the naming convention off for its folder and keeps the threshold at 3.
    ['repo/legacy/old/project.yaml', 'use-team'],
  ]);
});
