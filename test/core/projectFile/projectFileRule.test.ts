/** The one rule for "is this a project file" (core/projectFile/projectFileRule.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProjectDocument } from '../../../core/engine/projectDocument';
import { isProjectFile, looksLikeProjectFile } from '../../../core/projectFile/projectFileRule';

const found = (text: string) => isProjectFile(new ProjectDocument(text), 'found');

test('a file found by its name is ours when it has a marker key', () => {
  for (const text of ['members: []\n', 'roles: []\n', 'workspace: prod\nfoo: 1\nbar: 2\n', '$schema: ./s.json\nthings: 1\n']) assert.equal(found(text), true, text);
});

test('an id makes it ours only among keys that are mostly ours', () => {
  assert.equal(found('id: fraud\n'), true);
  assert.equal(found('id: fraud\nname: Fraud\ndescriptoin: typo\n'), true, 'a typo is still ours, and flagged');
  assert.equal(found('id: 42\nversion: 3\nsettings:\n  debug: true\n'), false, "another tool's project.yaml with an id");
  assert.equal(found('id: web\nx-defaults: &d {}\nversion: 1\n'), true, 'x- keys are ours');
});

test('a file with no top-level keys yet (empty, a list, a value) is a project file being written', () => {
  for (const text of ['', '# nothing yet\n', '- a\n- b\n', 'just text\n']) assert.equal(found(text), true, JSON.stringify(text));
});

test("another tool's files (XcodeGen's project.yml, a Compose file) are not ours; a named file always is", () => {
  const xcodegen = 'name: MyApp\noptions:\n  bundleIdPrefix: com.example\ntargets:\n  MyApp:\n    type: application\n';
  assert.equal(found(xcodegen), false);
  assert.equal(found('services:\n  db:\n    image: postgres\n'), false);
  assert.equal(isProjectFile(new ProjectDocument(xcodegen), 'named'), true);
});

test('looksLikeProjectFile reads top-level keys only', () => {
  assert.equal(looksLikeProjectFile(['id', 'version']), true, 'half ours');
  assert.equal(looksLikeProjectFile(['id', 'version', 'settings']), false);
  assert.equal(looksLikeProjectFile(['name', 'description']), false, 'no id and no marker');
});
