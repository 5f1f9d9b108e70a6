/**
 * Reading `active_project_id` out of a ZenML config file: the value and its range, and a clear
 * one-sentence problem for a file the client could not use.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeFileAccess } from '../../../server/src/activeProject/fileAccess';
import { parseZenConfig, readZenConfigFile } from '../../../common/zenml/zenConfigFile';

const UUID = '7c0e0b9c-1b7e-4d7e-9a8e-1f2b3c4d5e6f';

test('the value and its range, other keys ignored', () => {
  const text = `active_stack_id: not-even-a-uuid\nactive_project_id: ${UUID}  # set by zenml\nuser_id: x\n`;
  const parsed = parseZenConfig(text);
  assert.deepEqual(parsed.syntaxErrors, []);
  assert.equal(parsed.activeProject?.kind, 'text');
  const entry = parsed.activeProject!;
  assert.equal(text.slice(entry.start, entry.end), UUID);
});

test('a quoted value keeps its quotes in the range', () => {
  const text = `active_project_id: "fraud-detection"\n`;
  const entry = parseZenConfig(text).activeProject!;
  assert.equal(entry.kind === 'text' && entry.text, 'fraud-detection');
  assert.equal(text.slice(entry.start, entry.end), '"fraud-detection"');
});

test('a duplicate key is allowed and the last one wins, as in PyYAML', () => {
  const text = `active_project_id: first\nactive_project_id: second\n`;
  const parsed = parseZenConfig(text);
  assert.deepEqual(parsed.syntaxErrors, []);
  assert.equal(parsed.activeProject?.kind === 'text' && parsed.activeProject.text, 'second');
});

test('null, a missing key and an empty file mean "not set"', () => {
  for (const text of ['active_project_id:\n', 'active_project_id: null\n', 'active_stack_id: x\n', '', '# only a comment\n']) {
    const parsed = parseZenConfig(text);
    assert.deepEqual(parsed.syntaxErrors, [], JSON.stringify(text));
    assert.equal(parsed.notMapping, undefined, JSON.stringify(text));
    assert.equal(parsed.activeProject, undefined, JSON.stringify(text));
  }
});

test('numbers, booleans and collections are told apart', () => {
  assert.deepEqual(parseZenConfig('active_project_id: 123\n').activeProject, { start: 19, end: 22, kind: 'otherScalar', text: '123', found: 'the number 123' });
  // YAML 1.1, as PyYAML reads it: `yes` is a boolean.
  assert.equal(parseZenConfig('active_project_id: yes\n').activeProject?.kind, 'otherScalar');
  assert.deepEqual(parseZenConfig('active_project_id: [a, b]\n').activeProject, { start: 19, end: 25, kind: 'collection', found: 'a list' });
});

test('an alias resolves to its anchor', () => {
  const parsed = parseZenConfig(`x: &p ${UUID}\nactive_project_id: *p\n`);
  assert.equal(parsed.activeProject?.kind === 'text' && parsed.activeProject.text, UUID);
});

test('syntax errors carry their line and range; a second document is one', () => {
  const bad = parseZenConfig('store:\n  url: x\nactive_project_id: "unclosed\n');
  assert.equal(bad.syntaxErrors.length, 1);
  assert.equal(bad.syntaxErrors[0].line, 3, 'the line of the unclosed quote, not the empty one after it');
  assert.match(bad.syntaxErrors[0].message, /Missing closing "quote/);
  const twoDocs = parseZenConfig('a: 1\n---\nb: 2\n');
  assert.equal(twoDocs.syntaxErrors[0].line, 2);
  assert.match(twoDocs.syntaxErrors[0].message, /multiple documents/);
});

test('a document that is a list or a single value is not a mapping', () => {
  assert.deepEqual(parseZenConfig('- a\n- b\n').notMapping, { start: 0, end: 8, found: 'a list' });
  assert.deepEqual(parseZenConfig('just text\n').notMapping, { start: 0, end: 9, found: 'a single text value' });
});

function folder(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'zen-config-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('reading: a missing file is absent, without a problem', (t) => {
  const dir = folder(t);
  assert.deepEqual(readZenConfigFile(join(dir, 'config.yaml'), 'global config', nodeFileAccess.readFile), { absent: true });
});

test('reading: the value and its range', (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'config.yaml'), `active_project_id: ${UUID}\n`);
  assert.deepEqual(readZenConfigFile(join(dir, 'config.yaml'), 'global config', nodeFileAccess.readFile), {
    absent: false,
    activeProjectId: UUID,
    range: { start: 19, end: 55 },
  });
});

test('reading: not YAML is one sentence naming the file, the line and what is skipped', (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'config.yaml'), 'store:\n  url: x\nactive_project_id: "unclosed\n');
  const reading = readZenConfigFile(join(dir, 'config.yaml'), 'global config', nodeFileAccess.readFile, '~/.config/zenml/config.yaml');
  assert.equal(reading.activeProjectId, undefined);
  assert.equal(reading.problem, '~/.config/zenml/config.yaml is not valid YAML (line 3): Missing closing "quote; the global config was skipped.');
});

test('reading: a list where settings belong', (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'config.yaml'), '- active_project_id\n');
  const reading = readZenConfigFile(join(dir, 'config.yaml'), 'repository config', nodeFileAccess.readFile, 'repo/.zen/config.yaml');
  assert.equal(reading.problem, 'repo/.zen/config.yaml holds a list where ZenML expects a mapping of settings; the repository config was skipped.');
});

test('reading: an empty or list value is a problem and gives no value', (t) => {
  const dir = folder(t);
  writeFileSync(join(dir, 'a.yaml'), 'active_project_id: ""\n');
  writeFileSync(join(dir, 'b.yaml'), 'active_project_id: [x]\n');
  const empty = readZenConfigFile(join(dir, 'a.yaml'), 'global config', nodeFileAccess.readFile, 'a.yaml');
  assert.equal(empty.activeProjectId, undefined);
  assert.equal(empty.problem, "a.yaml: active_project_id is empty, which the ZenML client cannot load; the global config was skipped.");
  const list = readZenConfigFile(join(dir, 'b.yaml'), 'global config', nodeFileAccess.readFile, 'b.yaml');
  assert.equal(list.activeProjectId, undefined);
  assert.equal(list.problem, "b.yaml: active_project_id holds a list, not a project's UUID; the global config was skipped.");
});

test('reading: a directory where the file should be cannot be read', (t) => {
  const dir = folder(t);
  mkdirSync(join(dir, 'config.yaml'));
  const reading = readZenConfigFile(join(dir, 'config.yaml'), 'global config', nodeFileAccess.readFile, 'cfg/config.yaml');
  assert.equal(reading.problem, 'cfg/config.yaml could not be read (it is a directory); the global config was skipped.');
});
