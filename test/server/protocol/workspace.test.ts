/**
 * The workspace beyond the open file, over LSP: project files on disk are checked without being
 * opened and followed through file events; a project ID defined twice is an error on both; the
 * active project is resolved the way the ZenML client does and announced to the client.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { codes, ServerHarness } from '../../lib/serverHarness';

const UUID_A = '5c1e6e2a-8e9b-4b7e-9d3a-0a1b2c3d4e5f';
const UUID_B = '0f9e8d7c-6b5a-4c3d-8e2f-1a2b3c4d5e6f';
const project = (id: string, extra = '') => `id: ${id}\ndescription: d\n${extra}members:\n  - user: a@x.io\n    role: admin\n  - team: owners\n    role: admin\n`;

interface ActiveInfo {
  folderUri: string;
  source: string;
  value?: string;
  projectId?: string;
  uuid?: string;
  definedIn: string[];
  problems: string[];
}

test('project files on disk are checked without being opened', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': 'id: Bad Id\n', 'b/project.yml': project('fine'), 'c/project.yaml': 'name: website\nversion: 1\n' });
  try {
    const a = await h.diagnostics('a/project.yaml');
    assert.deepEqual(codes(a), ['no-admin', 'missing-description', 'invalid-project-id']);
    assert.deepEqual(codes(await h.diagnostics('b/project.yml')), []);
    assert.equal(h.latest.has(h.uri('c/project.yaml')), false, "another tool's project.yaml is never published");
  } finally {
    await h.stop();
  }
});

test('the same project ID in two files is an error on both, and clears when fixed', async () => {
  const h = await ServerHarness.start({
    'a/project.yaml': project('shared'),
    'b/project.yaml': project('shared'),
    'c/project.yaml': project('shared', 'workspace: staging\n'),
  });
  try {
    const a = await h.diagnostics('a/project.yaml', (p) => codes(p).includes('duplicate-project-id'));
    const b = await h.diagnostics('b/project.yaml', (p) => codes(p).includes('duplicate-project-id'));
    const da = a.diagnostics.find((d) => d.code === 'duplicate-project-id')!;
    assert.deepEqual(da.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 10 } });
    assert.match(da.message, /^The Project ID 'shared' is also defined in b\/project\.yaml\./);
    assert.deepEqual(da.relatedInformation!.map((r) => [r.location.uri, r.location.range.start.character]), [[h.uri('b/project.yaml'), 4]]);
    assert.equal(b.diagnostics.find((d) => d.code === 'duplicate-project-id')!.relatedInformation![0].location.uri, h.uri('a/project.yaml'));
    assert.deepEqual(codes(await h.diagnostics('c/project.yaml')), [], 'another workspace may reuse the ID');

    // Renaming one in the editor clears both; the other file is not open.
    await h.open('a/project.yaml', project('shared'));
    const bCleared = h.diagnostics('b/project.yaml', (p) => codes(p).length === 0, 'b cleared');
    const fixed = await h.change('a/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 10 } }, text: 'unique' }]);
    assert.deepEqual(codes(fixed), []);
    await bCleared;
    // And typing the old ID back makes both errors again.
    const bAgain = h.diagnostics('b/project.yaml', (p) => codes(p).includes('duplicate-project-id'), 'b flagged again');
    const again = await h.change('a/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 10 } }, text: 'shared' }]);
    assert.deepEqual(codes(again), ['duplicate-project-id']);
    await bAgain;
  } finally {
    await h.stop();
  }
});

test('files created, changed and deleted on disk are followed', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('one') });
  try {
    await h.diagnostics('a/project.yaml');
    h.write('n/project.yaml', project('one'));
    const aFlagged = h.diagnostics('a/project.yaml', (p) => codes(p).includes('duplicate-project-id'), 'a flagged');
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('n/project.yaml'), type: 1 }] });
    assert.deepEqual(codes(await h.diagnostics('n/project.yaml', (p) => p.diagnostics.length > 0)), ['duplicate-project-id']);
    await aFlagged;

    h.write('n/project.yaml', project('Two Words'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('n/project.yaml'), type: 2 }] });
    assert.deepEqual(codes(await h.diagnostics('n/project.yaml', (p) => codes(p).includes('invalid-project-id'))), ['invalid-project-id']);
    await h.diagnostics('a/project.yaml', (p) => codes(p).length === 0, 'a cleared');

    rmSync(path.join(h.root, 'n/project.yaml'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('n/project.yaml'), type: 3 }] });
    assert.deepEqual((await h.diagnostics('n/project.yaml', (p) => p.diagnostics.length === 0)).diagnostics, []);
  } finally {
    await h.stop();
  }
});

test('closing an edited file goes back to what is on disk', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('disk') });
  try {
    await h.open('a/project.yaml', 'id: Unsaved Edit\n');
    const closed = h.diagnostics('a/project.yaml', (p) => codes(p).length === 0, 'disk state');
    h.client.notify('textDocument/didClose', { textDocument: { uri: h.uri('a/project.yaml') } });
    await closed;
  } finally {
    await h.stop();
  }
});

async function activeProjects(h: ServerHarness): Promise<ActiveInfo[]> {
  return h.request<ActiveInfo[]>('zenmlProjects/activeProject', {});
}

test('active project: the repository config, resolved through the UUID map the client sends', async () => {
  const h = await ServerHarness.start({
    '.zen/config.yaml': `# written by zenml init\nactive_stack_id: ${UUID_B}\nactive_project_id: ${UUID_A}\n`,
    'fraud/project.yaml': project('fraud-detection'),
    'churn/project.yaml': project('churn'),
  });
  try {
    await h.diagnostics('fraud/project.yaml');
    let [info] = await activeProjects(h);
    assert.equal(info.source, 'repository');
    assert.equal(info.value, UUID_A);
    assert.equal(info.uuid, UUID_A);
    assert.equal(info.projectId, undefined, 'a UUID means nothing until the client maps it');

    const changed = h.client.waitForNotification<{ projects: ActiveInfo[] }>('zenmlProjects/activeProjectChanged', (p) => p.projects[0]?.projectId === 'fraud-detection', 10_000);
    h.client.notify('zenmlProjects/projectUuids', { projects: [{ uuid: UUID_A, id: 'fraud-detection' }, { uuid: UUID_B, id: 'churn' }] });
    [info] = (await changed).projects;
    assert.deepEqual(info.definedIn, [h.uri('fraud/project.yaml')]);

    await h.open('fraud/project.yaml', project('fraud-detection'));
    await h.open('churn/project.yaml', project('churn'));
    const lens = await h.request<{ command: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', {}, 'fraud/project.yaml');
    assert.deepEqual(lens.map((l) => [l.command.title, l.command.command]), [['$(check) Active project (from .zen/config.yaml)', '']]);
    const other = await h.request<{ command: { title: string; command: string; arguments?: unknown[] } }[]>('textDocument/codeLens', {}, 'churn/project.yaml');
    assert.deepEqual(other.map((l) => [l.command.title, l.command.command, l.command.arguments]), [['Set as active project', 'zenmlProjects.setActiveProject', [{ projectId: 'churn', uri: h.uri('churn/project.yaml') }]]]);

    // `zenml project set churn` rewrites the file; the watcher's event re-resolves.
    writeFileSync(path.join(h.root, '.zen/config.yaml'), `active_stack_id: ${UUID_B}\nactive_project_id: ${UUID_B}\n`);
    const switched = h.client.waitForNotification<{ projects: ActiveInfo[] }>('zenmlProjects/activeProjectChanged', (p) => p.projects[0]?.projectId === 'churn', 10_000);
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('.zen/config.yaml'), type: 2 }] });
    assert.deepEqual((await switched).projects[0].definedIn, [h.uri('churn/project.yaml')]);
  } finally {
    await h.stop();
  }
});

test('active project: the environment variable wins over the repository and the global config', async () => {
  const h = await ServerHarness.start(
    { '.zen/config.yaml': `active_project_id: ${UUID_A}\n`, '.global-zenml/config.yaml': `active_project_id: ${UUID_B}\n`, 'p/project.yaml': project('from-env') },
    { env: { ZENML_ACTIVE_PROJECT_ID: 'from-env' } },
  );
  try {
    await h.diagnostics('p/project.yaml');
    const [info] = await activeProjects(h);
    assert.deepEqual([info.source, info.value, info.projectId, info.definedIn], ['environment', 'from-env', 'from-env', [h.uri('p/project.yaml')]]);
  } finally {
    await h.stop();
  }
});

test('active project: a repository config that is not YAML is reported once, and the global config is used', async () => {
  const h = await ServerHarness.start({ '.zen/config.yaml': 'active_project_id: [unclosed\n', '.global-zenml/config.yaml': `active_project_id: ${UUID_B}\n` });
  try {
    const [info] = await activeProjects(h);
    assert.equal(info.source, 'global');
    assert.equal(info.value, UUID_B);
    assert.equal(info.problems.length, 1);
    assert.match(info.problems[0], /\.zen\/config\.yaml is not valid YAML/);
    await activeProjects(h);
    assert.equal(h.logs.filter((l) => /not valid YAML/.test(l)).length, 1, 'logged once');
    const published = await h.diagnostics('.zen/config.yaml');
    assert.deepEqual(codes(published), ['zen-config-syntax']);
  } finally {
    await h.stop();
  }
});

test('.zen/config.yaml: a name where the UUID belongs, and an unknown UUID once connected', async () => {
  const h = await ServerHarness.start({ '.zen/config.yaml': '# keep me\nactive_project_id: fraud-detection\n', 'p/project.yaml': project('fraud-detection') });
  try {
    const named = await h.diagnostics('.zen/config.yaml', (p) => p.diagnostics.length > 0);
    assert.deepEqual(codes(named), ['active-project-not-uuid']);
    assert.deepEqual(named.diagnostics[0].range, { start: { line: 1, character: 19 }, end: { line: 1, character: 34 } });
    assert.match(named.diagnostics[0].message, /expects the project's UUID/);

    // Connected, the fix can write the UUID.
    h.client.notify('zenmlProjects/projectUuids', { projects: [{ uuid: UUID_A, id: 'fraud-detection' }] });
    const text = '# keep me\nactive_project_id: fraud-detection\n';
    const opened = await h.open('.zen/config.yaml', text);
    const actions = await h.request<{ title: string; edit: { changes: Record<string, { newText: string }[]> } }[]>(
      'textDocument/codeAction',
      { range: opened.diagnostics[0].range, context: { diagnostics: opened.diagnostics } },
      '.zen/config.yaml',
    );
    assert.deepEqual(actions.map((a) => a.title), ["Replace with the UUID of 'fraud-detection'"]);
    assert.equal(actions[0].edit.changes[h.uri('.zen/config.yaml')][0].newText, UUID_A);

    const unknown = await h.change('.zen/config.yaml', [{ text: `# keep me\nactive_project_id: ${UUID_B}\n` }]);
    assert.deepEqual(codes(unknown), ['unknown-active-project']);
    assert.equal(unknown.diagnostics[0].severity, 2);
  } finally {
    await h.stop();
  }
});

test('a project file saved as UTF-16 (PowerShell 5.1), not open: the scan reports it as UTF-16, not as a binary file', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('one') });
  try {
    h.write('w/project.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(project('windows').replace(/\n/g, '\r\n'), 'utf16le')]));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('w/project.yaml'), type: 1 }] });
    const published = await h.diagnostics('w/project.yaml', (p) => codes(p).length > 0, 'diagnostics of the UTF-16 file');
    assert.deepEqual(codes(published), ['utf-16']);
  } finally {
    await h.stop();
  }
});

test('a project file saved as Latin-1, not open: the lost character is reported from the scan', async () => {
  const h = await ServerHarness.start({ 'a/project.yaml': project('one') });
  try {
    h.write('l/project.yaml', Buffer.from(`${project('latin')}# owner: Ren\u00e9e\n`, 'latin1'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('l/project.yaml'), type: 1 }] });
    const published = await h.diagnostics('l/project.yaml', (p) => codes(p).includes('not-utf8'), 'not-utf8 from disk');
    const lost = published.diagnostics.find((d) => d.code === 'not-utf8')!;
    assert.equal(lost.range.start.character, '# owner: Ren'.length);
  } finally {
    await h.stop();
  }
});
