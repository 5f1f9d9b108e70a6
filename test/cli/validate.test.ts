/**
 * `zenml-projects validate`, run as the bundled CLI in a child process over real files.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { TEACHING_CODES } from '../../common/diagnosticCodes';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
  put('monorepo-tool/project.yaml', 'id: 42\nversion: 3\nsettings:\n  debug: true\n');
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
  assert.equal(lines[3], 'Checked 1 project file: 2 errors, 1 warning, 0 notes.');
});

test('folders are searched recursively; other tools\' project.yaml and node_modules are skipped', () => {
  const r = run(['validate']);
  assert.equal(r.code, 1);
  assert.match(r.out, /Checked 3 project files: 2 errors, 2 warnings, 0 notes\./);
  assert.doesNotMatch(r.out, /other\/project\.yaml|monorepo-tool|node_modules|payments/);
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

test('usage errors exit 64 with a clear message, in every subcommand', () => {
  const missing = run(['validate', 'nowhere']);
  assert.equal(missing.code, 64);
  assert.match(missing.err, /'nowhere' does not exist/);
  const format = run(['validate', '--format', 'xml']);
  assert.equal(format.code, 64);
  assert.match(format.err, /--format must be 'text' or 'json'/);
  assert.equal(run(['validate', '--frobnicate']).code, 64);
  const command = run(['frobnicate']);
  assert.equal(command.code, 64);
  assert.match(command.err, /unknown command 'frobnicate'/);
  assert.equal(run([]).code, 64, 'no command');
  for (const args of [['plan', '--frobnicate'], ['apply', '--frobnicate'], ['import'], ['report', '--format', 'pdf'], ['workspace'], ['workspace', 'frobnicate'], ['workspace', 'serve', '--port', 'x']]) {
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, ZENML_STORE_URL: 'http://127.0.0.1:9', ZENML_STORE_API_KEY: 'k' } });
    assert.equal(r.status, 64, `${args.join(' ')}: ${r.stderr}`);
  }
});

test('a plan or report without a workspace configured fails with 64, never 2 ("changes pending")', () => {
  for (const command of ['plan', 'report']) {
    const r = spawnSync(process.execPath, [BIN, command, 'good'], { cwd: dir, encoding: 'utf8', env: { ...process.env, ZENML_STORE_URL: '', ZENML_STORE_API_KEY: '' } });
    assert.equal(r.status, 64, r.stderr);
    assert.match(r.stderr, /no workspace: pass --url or set ZENML_STORE_URL/);
  }
});

test('--help documents the exit codes', () => {
  const r = run(['--help']);
  assert.equal(r.code, 0);
  assert.match(r.out, /Exit codes \(every command\):\n {2}0 {3}.+\n {2}1 {3}.+\n {2}2 {3}plan, report and prune --dry-run only.+\n {6}.+\n {2}64 {2}usage/);
});

test('the shipped examples are valid', () => {
  const r = spawnSync(process.execPath, [BIN, 'validate', 'examples'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout);
  assert.match(r.stdout, /Checked 2 project files: 0 errors, 0 warnings, 0 notes\./);
});

test('a Project ID defined in two files of one workspace is reported on both, after every file, in file order', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-dup-'));
  try {
    const put = (rel: string, text: string) => {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    };
    const project = (id: string, workspace = 'acme') => `id: ${id}\ndescription: d\nworkspace: ${workspace}\nmembers:\n  - team: a\n    role: admin\n  - user: b@x.io\n    role: owner\n`;
    put('a/project.yaml', project('payments'));
    put('b/project.yaml', project('search'));
    put('c/project.yaml', project('payments'));
    put('d/project.yaml', project('payments', 'other'));
    const r = spawnSync(process.execPath, [BIN, 'validate'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.deepEqual(
      lines.map((l) => l.split(' ').slice(0, 3).join(' ')),
      [
        'a/project.yaml:8:11: error unknown-role',
        'b/project.yaml:8:11: error unknown-role',
        'c/project.yaml:8:11: error unknown-role',
        'd/project.yaml:8:11: error unknown-role',
        'a/project.yaml:1:5: error duplicate-project-id',
        'c/project.yaml:1:5: error duplicate-project-id',
        'Checked 4 project',
      ],
    );
    assert.match(lines[4], /The Project ID 'payments' is also defined in c\/project\.yaml\. Project IDs are unique within a workspace, and both files are for workspace 'acme': rename one of them, or set `workspace:` if they belong to different workspaces\.$/);
    assert.match(lines[5], /also defined in a\/project\.yaml\./);
    assert.equal(lines[6], 'Checked 4 project files: 6 errors, 0 warnings, 0 notes.');

    const json = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    const reports = JSON.parse(json.stdout) as { file: string; code: string; range: unknown }[];
    assert.deepEqual(
      reports.map((x) => `${x.file} ${x.code}`),
      lines.slice(0, 6).map((l) => `${l.split(':')[0]} ${l.split(' ')[2]}`),
    );
    assert.deepEqual(reports[4].range, { start: { line: 0, character: 4 }, end: { line: 0, character: 12 } });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('many files: output is in path order and the JSON is one array, whatever order the reads finish in', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-many-'));
  try {
    const names: string[] = [];
    for (let i = 0; i < 120; i++) {
      const name = `p${String(i).padStart(3, '0')}`;
      names.push(`${name}/project.yaml`);
      mkdirSync(path.join(root, name));
      // Sizes vary a lot, so that reads and analyses finish out of order.
      const members = Array.from({ length: (i * 37) % 200 }, (_, m) => `  - user: u${m}@x.io\n    role: developer\n`).join('');
      writeFileSync(path.join(root, name, 'project.yaml'), `id: p-${i}\ndescription: d\nmembers:\n  - team: owners\n    role: ${i % 2 ? 'admin' : 'boss'}\n${members}`);
    }
    const r = spawnSync(process.execPath, [BIN, 'validate', '--format', 'json', '--team-threshold', '0'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    const files = (JSON.parse(r.stdout) as { file: string }[]).map((x) => x.file);
    // Each even file has two diagnostics (no admin, unknown role), one after the other.
    assert.deepEqual(
      files,
      names.filter((_, i) => i % 2 === 0).flatMap((f) => [f, f]),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file that cannot be read is reported when its turn comes; the others are still checked; exit 1', { skip: process.platform !== 'linux' ? 'needs /proc' : false }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-unreadable-'));
  try {
    for (const name of ['a', 'c']) {
      mkdirSync(path.join(root, name));
      writeFileSync(path.join(root, name, 'project.yaml'), `id: ${name}\ndescription: d\nmembers:\n  - team: u\n    role: admin\n  - user: v@x.io\n    role: boss\n`);
    }
    // Reading /proc/self/mem from its start fails (EIO) even for root, unlike a chmod 000 file.
    const r = spawnSync(process.execPath, [BIN, 'validate', 'a/project.yaml', '/proc/self/mem', 'c/project.yaml'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /cannot read '[^']*proc\/self\/mem': /);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')), [
      'a/project.yaml:7:11: error unknown-role',
      'c/project.yaml:7:11: error unknown-role',
      'Checked 2 project',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('YAML as people write it: positions as the editor shows them, each failure said once where it is', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-kinds-'));
  const files: Record<string, string> = {
    'bom/project.yaml': '\ufeffid: Bom Project\ndescription: d\nmembers:\n  - user: a@x.io\n    role: admin\n',
    'cr/project.yaml': 'id: cr\rdescription: d\rmembers:\r  - user: a@x.io\r    role: owner\r',
    'alias/project.yaml': 'id: alias\ndescription: d\nmembers:\n  - user: a@x.io\n    role: admin\n  - user: b@x.io\n    <<: *later\n  - user: c@x.io\n    role: *nowhere\nx-later: &later\n  role: viewer\n',
    'merge/project.yaml': `x-common: &common {description: Shared, workspace: acme}\nx-viewer: &viewer {role: viewer}\n<<: *common\nid: merge\nmembers:\n  - user: a@x.io\n    role: admin\n${Array.from({ length: 150 }, (_, i) => `  - <<: *viewer\n    user: u${i}@x.io\n`).join('')}`,
    'quote/project.yaml': `id: quote\nname: "Unclosed Name\ndescription: d\nmembers:\n  - user: a@x.io\n    role: admin\n  - user: v@x.io\n    role: viewer\n`,
  };
  try {
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      writeFileSync(path.join(root, rel), text);
    }
    const r = spawnSync(process.execPath, [BIN, 'validate'], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 1);
    const advice = (l: string) => (TEACHING_CODES as readonly string[]).some((c) => l.endsWith(` ${c}`));
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.split(' ').slice(0, 3).join(' ')).filter((l) => !advice(l)), [
      'alias/project.yaml:7:9: error undefined-alias',
      'alias/project.yaml:9:11: error undefined-alias',
      'bom/project.yaml:1:5: error invalid-project-id',
      'cr/project.yaml:3:1: warning no-admin',
      'cr/project.yaml:5:11: error unknown-role',
      'quote/project.yaml:2:7: error yaml-syntax',
      'Checked 5 project',
    ]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a file saved as Latin-1: the lost character is an error where it was', () => {
  const sub = path.join(dir, 'latin1');
  mkdirSync(sub, { recursive: true });
  writeFileSync(path.join(sub, 'project.yaml'), Buffer.from('id: latin\ndescription: Caf\u00e9 team\nmembers:\n  - user: a@x.io\n    role: admin\n', 'latin1'));
  const r = run(['validate', 'latin1']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^latin1\/project\.yaml:2:17: error not-utf8 U\+FFFD REPLACEMENT CHARACTER here: the file has bytes that are not UTF-8/m);
});

test('no project files found: a usage error saying where it looked, unless --allow-empty', () => {
  mkdirSync(path.join(dir, 'empty-folder'), { recursive: true });
  const r = run(['validate', 'empty-folder', 'other']);
  assert.equal(r.code, 64, r.out + r.err);
  assert.match(r.out, /Checked 0 project files/);
  assert.match(r.err, /no project files found in 'empty-folder', 'other'\. .*--allow-empty/);
  const allowed = run(['validate', 'empty-folder', '--allow-empty', '--format', 'json']);
  assert.equal(allowed.code, 0, allowed.err);
  assert.equal(allowed.out, '[]\n');
  assert.equal(allowed.err, '');
});

test('a file saved as UTF-16 (PowerShell 5.1\'s >) is reported as UTF-16, with how to save it as UTF-8', () => {
  const sub = path.join(dir, 'utf16');
  mkdirSync(sub, { recursive: true });
  const text = 'id: from-powershell\r\ndescription: Written with >\r\nmembers:\r\n  - user: a@x.io\r\n    role: admin\r\n';
  writeFileSync(path.join(sub, 'project.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const r = run(['validate', 'utf16']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^utf16\/project\.yaml:1:1: error utf-16 This file is saved as UTF-16 \(little-endian, .*\); project files are read as UTF-8\. Save it as UTF-8/m);
  assert.doesNotMatch(r.out, /not-text|binary/);
});

test('a file reached by two paths is checked once, and is no duplicate of itself', () => {
  const once = run(['validate', 'good']);
  assert.match(once.out, /^Checked 1 project file: 0 errors/m);
  for (const args of [['good', 'good'], ['good', 'good/project.yaml', 'good/../good/project.yaml']]) {
    const r = run(['validate', ...args]);
    assert.equal(r.out, once.out, `validate ${args.join(' ')}`);
    assert.equal(r.code, 0, r.err);
  }
  const all = run(['validate', '.', 'good']);
  assert.doesNotMatch(all.out, /duplicate-project-id/);
  assert.equal(all.out, run(['validate', '.']).out);
});

test('a project.yaml that is a link to a file is found in a folder search, like the file', () => {
  const linked = path.join(dir, 'linked-project');
  mkdirSync(linked);
  writeFileSync(path.join(dir, 'shared-bad.yaml'), 'id: Shared Bad\n');
  symlinkSync(path.join(dir, 'shared-bad.yaml'), path.join(linked, 'project.yaml'));
  const r = run(['validate', 'linked-project']);
  assert.equal(r.code, 1, r.out + r.err);
  assert.match(r.out, /^linked-project\/project\.yaml:1:5: error invalid-project-id /m);
});

test('a subfolder the search cannot read is reported on stderr, and the run fails', (t) => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-unreadable-'));
  try {
    mkdirSync(path.join(root, 'b'));
    writeFileSync(path.join(root, 'b', 'project.yaml'), 'id: b\ndescription: x\nmembers:\n  - team: t\n    role: admin\n');
    mkdirSync(path.join(root, 'c'));
    writeFileSync(path.join(root, 'c', 'project.yaml'), 'id: BAD\n');
    chmodSync(root, 0o755);
    chmodSync(path.join(root, 'b'), 0o755);
    chmodSync(path.join(root, 'c'), 0o000);
    // As root every folder can be read: the check runs as nobody then.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const r = spawnSync(process.execPath, [BIN, 'validate', '.'], { cwd: root, encoding: 'utf8', ...asNobody });
    if (r.error) return t.skip(`cannot run as another user here: ${r.error.message}`);
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /^zenml-projects validate: cannot read the folder 'c': EACCES/m);
    assert.match(r.stdout, /^Checked 1 project file: 0 errors/m);
  } finally {
    chmodSync(path.join(root, 'c'), 0o755);
    rmSync(root, { recursive: true, force: true });
  }
});

test('a config file or workspaces file that is a named pipe is refused, never waited on', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'zp-cli-fifo-'));
  try {
    mkdirSync(path.join(root, 'p'));
    writeFileSync(path.join(root, 'p', 'project.yaml'), 'id: p\n');
    spawnSync('mkfifo', [path.join(root, 'named.yaml'), path.join(root, 'p', '.zenml-projects.yaml')]);
    const named = spawnSync(process.execPath, [BIN, 'validate', '--config', 'named.yaml', 'p'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(named.status, 64, named.stderr);
    assert.match(named.stderr, /cannot read the config file '.*named\.yaml': .*named\.yaml is a named pipe, not a regular file/);
    const found = spawnSync(process.execPath, [BIN, 'validate', 'p'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(found.status, 64, found.stderr);
    assert.match(found.stderr, /\.zenml-projects\.yaml is a named pipe, not a regular file/);
    const workspaces = spawnSync(process.execPath, [BIN, 'plan', 'p', '--workspaces', 'named.yaml'], { cwd: root, encoding: 'utf8', timeout: 20_000 });
    assert.equal(workspaces.status, 64, workspaces.stderr);
    assert.match(workspaces.stderr, /cannot read the workspaces file 'named\.yaml': .*named pipe/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('--format without a value says it needs one', () => {
  const r = run(['validate', '--format']);
  assert.equal(r.code, 64);
  assert.match(r.err, /^zenml-projects validate: --format needs a value: text or json\.\n/);
});
