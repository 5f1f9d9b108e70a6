/**
 * The requests through which the editor reads project files (common/protocol.ts), spoken to the
 * bundled server: the list of project files with their IDs, workspaces and errors (and its change
 * notification), one file's spec and layout at a version or its errors, the one rule for which
 * files are project files, where a folder's active project is written, and sign-out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ConfigTarget, ProjectFileAnswer, ProjectFileInfo } from '../../../common/protocol';
import { codes, ServerHarness } from '../../lib/serverHarness';

const project = (id: string, extra = '') => `id: ${id}\ndescription: d\n${extra}members:\n  - user: a@x.io\n    role: admin\n`;

test('the project file list: every project file with its ID, workspace: and error count; another tool\'s file is not in it', async () => {
  const h = await ServerHarness.start({
    'a/project.yaml': project('alpha', 'workspace: prod\n'),
    'b/project.yml': 'id: Bad Id\n',
    'c/project.yaml': 'id: 42\nversion: 3\nsettings:\n  debug: true\n',
    'd/project.yaml': 'name: website\nversion: 2.1.0\n',
    'e/projects/beta.yaml': project('beta'),
  }, { settings: { zenmlProjects: { projectFiles: ['e/projects/*.yaml'] } } });
  try {
    await h.diagnostics('a/project.yaml');
    const files = await waitForList(h, (l) => l.length === 3);
    assert.deepEqual(files, [
      { uri: h.uri('a/project.yaml'), id: 'alpha', workspace: 'prod', errors: 0, named: false },
      { uri: h.uri('b/project.yml'), id: 'Bad Id', errors: 1, named: false },
      { uri: h.uri('e/projects/beta.yaml'), id: 'beta', errors: 0, named: true },
    ]);
  } finally {
    await h.stop();
  }
});

test('the list is announced again when a file changes its ID, workspace or errors, and not while typing changes none of them', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('alpha') });
  try {
    await h.client.waitForNotification('zenmlProjects/projectFilesChanged', (p: { files: ProjectFileInfo[] }) => p.files.length === 1, 15_000, 'the scan announced');
    const announced: ProjectFileInfo[][] = [];
    h.client.onNotification('zenmlProjects/projectFilesChanged', (p: { files: ProjectFileInfo[] }) => announced.push(p.files));
    await h.open('a/project.yaml', project('alpha'));
    await h.change('a/project.yaml', [{ range: { start: { line: 1, character: 13 }, end: { line: 1, character: 13 } }, text: 'escription' }]);
    const renamed = h.client.waitForNotification<{ files: ProjectFileInfo[] }>('zenmlProjects/projectFilesChanged', (p) => p.files[0]?.id === 'gamma', 15_000, 'the rename announced');
    await h.change('a/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } }, text: 'gamma' }]);
    assert.deepEqual((await renamed).files, [{ uri: h.uri('a/project.yaml'), id: 'gamma', errors: 0, named: false }]);
    assert.equal(announced.length, 1, `only the rename was announced: ${JSON.stringify(announced)}`);
  } finally {
    await h.stop();
  }
});

test('a project file\'s spec and layout at the version the editor holds, and its errors when it has any', async () => {
  const text = project('alpha', 'name: Alpha\nroles:\n  - id: reviewer\n    description: r\n    permissions:\n      model: [read]\n');
  const h = await ServerHarness.start({ 'a/project.yaml': text });
  try {
    const open = await h.open('a/project.yaml', text);
    const answer = await h.request<ProjectFileAnswer>('zenmlProjects/projectFile', { uri: h.uri('a/project.yaml'), version: open.version });
    assert.equal(answer.kind, 'read');
    if (answer.kind !== 'read' || !answer.reading.ok) throw new Error(JSON.stringify(answer));
    assert.equal(answer.version, open.version);
    assert.deepEqual(answer.reading.spec, {
      id: 'alpha',
      name: 'Alpha',
      description: 'd',
      roles: [{ id: 'reviewer', description: 'r', permissions: { model: ['read'] } }],
      members: [{ kind: 'user', name: 'a@x.io', role: 'admin' }],
    } as never);
    assert.deepEqual(answer.reading.layout.id, { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } });
    assert.deepEqual(answer.reading.layout.roles.reviewer.start, { line: 4, character: 8 });
    assert.deepEqual(answer.reading.layout.members, [{ start: { line: 9, character: 10 }, end: { line: 9, character: 16 } }]);

    const broken = await h.change('a/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 9 } }, text: 'Not An Id' }]);
    const refused = await h.request<ProjectFileAnswer>('zenmlProjects/projectFile', { uri: h.uri('a/project.yaml'), version: broken.version });
    assert.equal(refused.kind === 'read' && refused.version, broken.version);
    assert.deepEqual(refused.kind === 'read' && !refused.reading.ok && refused.reading.errors.map((e) => [e.line, e.code]), [[0, 'invalid-project-id']]);
  } finally {
    await h.stop();
  }
});

test('a closed file is read from disk; another tool\'s file is not a project file unless the user names it', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('alpha'), 'c/project.yaml': 'id: 42\nversion: 3\nsettings: {}\n' });
  try {
    await h.diagnostics('a/project.yaml');
    const disk = await h.request<ProjectFileAnswer>('zenmlProjects/projectFile', { uri: h.uri('a/project.yaml') });
    assert.equal(disk.kind === 'read' && disk.version, null);
    assert.equal(disk.kind === 'read' && disk.reading.ok && disk.reading.spec.id, 'alpha');
    assert.deepEqual(await h.request('zenmlProjects/projectFile', { uri: h.uri('c/project.yaml') }), { kind: 'notProjectFile' });
    const named = await h.request<ProjectFileAnswer>('zenmlProjects/projectFile', { uri: h.uri('c/project.yaml'), named: true });
    assert.equal(named.kind === 'read' && !named.reading.ok && named.reading.errors[0].code, 'wrong-type');
    assert.deepEqual(await h.request('zenmlProjects/projectFile', { uri: h.uri('nowhere/project.yaml') }), { kind: 'notProjectFile' });
  } finally {
    await h.stop();
  }
});

test('another tool\'s project.yaml, open in the editor, gets one information on how to opt it in, and nothing else', async () => {
  const h = await ServerHarness.start({});
  try {
    const p = await h.open('c/project.yaml', 'id: 42\nversion: 3\nsettings:\n  debug: true\n');
    assert.deepEqual(codes(p), ['not-a-project-file']);
    assert.equal(p.diagnostics[0].severity, 3);
    assert.match(p.diagnostics[0].message, /zenmlProjects\.projectFiles/);
    // Saying what it is makes it ours, and checked.
    const ours = await h.change('c/project.yaml', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '$schema: x\n' }]);
    assert.ok(codes(ours).includes('unknown-key'), codes(ours).join());
  } finally {
    await h.stop();
  }
});

test('where a folder\'s active project is written: the folder\'s repository config, else the global one, with a relative ZENML_CONFIG_PATH taken from the folder', async () => {
  const h = await ServerHarness.start({ 'sub/.zen/config.yaml': 'active_project_id: null\n' }, { env: { ZENML_CONFIG_PATH: 'zen-global' } });
  try {
    const target = await h.request<ConfigTarget>('zenmlProjects/configTarget', { folderUri: h.uri('') .replace(/\/$/, '') });
    assert.deepEqual(target, { scope: 'global', file: path.join(h.root, 'zen-global', 'config.yaml') });
  } finally {
    await h.stop();
  }
});

test('ZENML_ACTIVE_PROJECT_ID, when set, is said to override whatever config file is written', async () => {
  const h = await ServerHarness.start({ '.zen/config.yaml': 'active_project_id: null\n' }, { env: { ZENML_ACTIVE_PROJECT_ID: 'churn-prediction' } });
  try {
    const target = await h.request<ConfigTarget>('zenmlProjects/configTarget', { folderUri: h.uri('').replace(/\/$/, '') });
    assert.deepEqual(target, { scope: 'repository', file: path.join(h.root, '.zen', 'config.yaml'), repositoryRoot: h.root, overriddenBy: 'churn-prediction' });
  } finally {
    await h.stop();
  }
});

test('after sign-out the server no longer answers as if connected', async () => {
  const uuid = '5c1e6e2a-8e9b-4b7e-9d3a-0a1b2c3d4e5f';
  const h = await ServerHarness.start({ '.zen/config.yaml': `active_project_id: ${uuid}\n`, 'project.yaml': project('alpha') });
  try {
    h.client.notify('zenmlProjects/projectUuids', { projects: [{ uuid: '0f9e8d7c-6b5a-4c3d-8e2f-1a2b3c4d5e6f', id: 'other' }] });
    const warned = await h.diagnostics('.zen/config.yaml', (p) => codes(p).includes('unknown-active-project'));
    assert.ok(warned);
    h.client.notify('zenmlProjects/signedOut', {});
    await h.diagnostics('.zen/config.yaml', (p) => !codes(p).includes('unknown-active-project'), 'the warning withdrawn after sign-out');
  } finally {
    await h.stop();
  }
});

async function waitForList(h: ServerHarness, accept: (files: ProjectFileInfo[]) => boolean): Promise<ProjectFileInfo[]> {
  for (let i = 0; i < 200; i++) {
    const files = await h.request<ProjectFileInfo[]>('zenmlProjects/projectFiles', {});
    if (accept(files)) return files;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the project file list never matched');
}
