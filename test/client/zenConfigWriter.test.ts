/**
 * Writing the active project into ZenML config files, as `zenml project set` leaves them: the
 * UUID in place, every other key, comment and the order kept, the file replaced atomically, and
 * files ZenML could not read left alone with a sentence that says why.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ConfigWriteError, withActiveProject, writeActiveProjectId, writeAtomically } from '../../client/src/activeProject/zenConfigWriter';
import { parseZenConfig } from '../../common/zenml/zenConfigFile';

const UUID = '0b9d4e3c-2a1f-4e6d-8c7b-5a4f3e2d1c0b';
const OLD = '6f1c2b7e-3d4a-4f5b-8c9d-0e1f2a3b4c5d';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'zen-config-writer-'));
}

test('replaces the value in place and changes nothing else, comments and spacing included', () => {
  const text = [
    '# Written by zenml init',
    'active_stack_id: 11111111-2222-4333-8444-555555555555   # the default stack',
    '',
    '# which project',
    `active_project_id: ${OLD}  # set by zenml project set`,
    'store:',
    '  url: https://acme.zenml.io   # where',
    '  options: [a, b]',
    '',
  ].join('\n');
  const { text: out, previous } = withActiveProject(text, UUID, 'config.yaml');
  assert.equal(previous, OLD);
  assert.equal(out, text.replace(OLD, UUID));
  assert.equal(parseZenConfig(out).activeProject?.kind, 'text');
});

test('a quoted value is replaced by the plain UUID, the rest untouched', () => {
  const text = `active_project_id: "${OLD}"\nother: 1\n`;
  assert.equal(withActiveProject(text, UUID, 'c').text, `active_project_id: ${UUID}\nother: 1\n`);
});

test('appends the key when it is missing, keeping the file as it was above it', () => {
  const text = '# only settings\nactive_stack_id: x\nanalytics_opt_in: false';
  const out = withActiveProject(text, UUID, 'c').text;
  assert.equal(out, `${text}\nactive_project_id: ${UUID}\n`);
  assert.deepEqual(parse(out), { active_stack_id: 'x', analytics_opt_in: false, active_project_id: UUID });
});

test('an empty file or one of comments only gets the key', () => {
  assert.equal(withActiveProject('', UUID, 'c').text, `active_project_id: ${UUID}\n`);
  const out = withActiveProject('# nothing yet\n', UUID, 'c').text;
  assert.equal(out, `# nothing yet\nactive_project_id: ${UUID}\n`);
});

test('a repeated key: the last one (the one PyYAML uses) gets the UUID', () => {
  const text = `active_project_id: first\nx: 1\nactive_project_id: ${OLD}\n`;
  const { text: out, previous } = withActiveProject(text, UUID, 'c');
  assert.equal(previous, OLD);
  assert.equal(out, `active_project_id: first\nx: 1\nactive_project_id: ${UUID}\n`);
});

test('a flow mapping or a non-scalar value falls back to the Document API and stays readable', () => {
  const flow = withActiveProject('{a: 1, active_project_id: [x]}\n', UUID, 'c').text;
  assert.deepEqual(parse(flow), { a: 1, active_project_id: UUID });
  const block = withActiveProject('# keep me\nactive_project_id:\n  - nested\nb: 2\n', UUID, 'c').text;
  assert.deepEqual(parse(block), { active_project_id: UUID, b: 2 });
  assert.match(block, /# keep me/);
});

test('refuses a file ZenML could not read, saying which and what to do', () => {
  assert.throws(() => withActiveProject('a: [unclosed\n', UUID, '/repo/.zen/config.yaml'), (e: unknown) => {
    assert.ok(e instanceof ConfigWriteError);
    assert.match(e.message, /^\/repo\/\.zen\/config\.yaml is not valid YAML .*Nothing was written\.$/);
    return true;
  });
  assert.throws(() => withActiveProject('- a list\n', UUID, 'config.yaml'), /does not hold a mapping of settings/);
});

test('writes atomically: same folder, no temporary file left, permissions kept', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, `# mine\nactive_project_id: ${OLD}\n`);
    chmodSync(file, 0o600);
    const result = await writeActiveProjectId(file, UUID);
    assert.deepEqual(result, { created: false, previous: OLD });
    assert.equal(readFileSync(file, 'utf8'), `# mine\nactive_project_id: ${UUID}\n`);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(readdirSync(dir), ['config.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('creates the file and its folder when missing (a global config not written yet)', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'zenml', 'config.yaml');
    const result = await writeActiveProjectId(file, UUID);
    assert.equal(result.created, true);
    assert.equal(readFileSync(file, 'utf8'), `active_project_id: ${UUID}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a broken file is left exactly as it was', async () => {
  const dir = tempDir();
  try {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'active_project_id: [oops\n');
    await assert.rejects(writeActiveProjectId(file, UUID, 'shown.yaml'), /shown\.yaml is not valid YAML/);
    assert.equal(readFileSync(file, 'utf8'), 'active_project_id: [oops\n');
    assert.deepEqual(readdirSync(dir), ['config.yaml']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a write that fails midway leaves no temporary file and says what happened', async () => {
  const dir = tempDir();
  try {
    // A non-empty folder where the file should be: refused before anything is written (a
    // rename over it would fail half-way, as a full or read-only disk would make it).
    const target = join(dir, 'config.yaml');
    mkdirSync(join(target, 'inside'), { recursive: true });
    await assert.rejects(writeAtomically(target, 'x: 1\n'), (e: unknown) => {
      assert.ok(e instanceof ConfigWriteError);
      assert.match(e.message, /^Could not write .*config\.yaml \((EISDIR|ENOTEMPTY|EEXIST)\)\. Nothing was changed\.$/);
      return true;
    });
    assert.deepEqual(readdirSync(dir), ['config.yaml']);
    await assert.rejects(writeActiveProjectId(target, UUID, 'shown.yaml'), /shown\.yaml could not be read \(EISDIR\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
