/** `--help` on every command: its usage on stdout and exit 0, as the README's commands promise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const BIN = path.resolve('bin/zenml-projects.js');

for (const command of ['validate', 'plan', 'apply', 'import', 'report', 'usage']) {
  for (const flag of ['--help', '-h']) {
    test(`${command} ${flag} prints its usage and exits 0`, () => {
      const r = spawnSync(process.execPath, [BIN, command, 'some-file.yaml', flag], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`zenml-projects ${command} `));
      assert.equal(r.stderr, '');
      if (command !== 'validate') assert.match(r.stdout, /Exit codes \(every command\):\n {2}0 /);
    });
  }
}

test('workspace serve --help prints its usage and exits 0', () => {
  const r = spawnSync(process.execPath, [BIN, 'workspace', 'serve', '--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /zenml-projects workspace serve/);
});

test('language-server --help says how to start it; without a transport it says so instead of crashing', () => {
  const help = spawnSync(process.execPath, [BIN, 'language-server', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /zenml-projects language-server --stdio/);
  const bare = spawnSync(process.execPath, [BIN, 'language-server'], { encoding: 'utf8' });
  assert.equal(bare.status, 64);
  assert.match(bare.stderr, /zenml-projects language-server --stdio/);
  assert.doesNotMatch(bare.stderr, /at .*server\.js/);
});

test("--version, -V and version print the package's version and exit 0", async () => {
  const { version } = JSON.parse((await import('node:fs')).readFileSync('package.json', 'utf8')) as { version: string };
  for (const flag of ['--version', '-V', 'version']) {
    const r = spawnSync(process.execPath, [BIN, flag], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `zenml-projects ${version}\n`);
    assert.equal(r.stderr, '');
  }
});

test('usage --help names --workspace, as the README does', () => {
  const r = spawnSync(process.execPath, [BIN, 'usage', '--help'], { encoding: 'utf8' });
  assert.match(r.stdout, /usage \[PROJECT\.\.\.\] \[--format text\|json\] \[--workspace NAME\]/);
});

test('validate --help says what each option does and the exit codes; a usage error prints the usage line only', () => {
  const help = spawnSync(process.execPath, [BIN, 'validate', '--help'], { encoding: 'utf8' });
  for (const flag of ['--format', '--config', '--team-threshold', '--project-id-pattern', '--project-name-pattern', '--allow-empty']) assert.match(help.stdout, new RegExp(`^ {2}${flag} +\\S`, 'm'), flag);
  assert.match(help.stdout, /^Exit codes: 0 no errors/m);
  const wrong = spawnSync(process.execPath, [BIN, 'validate', '--nope'], { encoding: 'utf8' });
  assert.equal(wrong.status, 64);
  assert.doesNotMatch(wrong.stderr, /Exit codes/);
});
