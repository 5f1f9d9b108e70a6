/**
 * The repository's convention in the editor: `checks:` of the nearest `.zenml-projects.yaml`
 * above a project file goes on top of the settings, as `zenml-projects validate` reads it — so the
 * Problems panel and CI judge a file alike — and follows the file as it changes on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { codes, ServerHarness } from '../../lib/serverHarness';

const users = (n: number) => Array.from({ length: n }, (_, i) => `  - user: u${i}@acme.com\n    role: viewer\n`).join('');
const project = (id: string) => `id: ${id}\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n${users(3)}`;

test('the nearest .zenml-projects.yaml sets the checks of the files below it, over the settings', async () => {
  const h = await ServerHarness.start(
    {
      'repo/.zenml-projects.yaml': "checks:\n  teamThreshold: 3\n  projectIdPattern: '^(ml|data)-'\n",
      'repo/fraud/project.yaml': project('fraud'),
      'repo/legacy/.zenml-projects.yaml': 'checks:\n  teamThreshold: 0\n',
      'repo/legacy/old/project.yaml': project('old'),
      'elsewhere/project.yaml': project('elsewhere'),
    },
    // The settings say 5 and no convention: the repository's file wins for its files.
    { settings: { zenmlProjects: { checks: { teamThreshold: 5 } } } },
  );
  try {
    assert.deepEqual(codes(await h.diagnostics('repo/fraud/project.yaml', (p) => p.diagnostics.length > 0)), ['naming-convention', 'use-team']);
    assert.deepEqual(codes(await h.diagnostics('repo/legacy/old/project.yaml')), []);
    assert.deepEqual(codes(await h.diagnostics('elsewhere/project.yaml')), []);
    // An open file follows the same file.
    assert.deepEqual(codes(await h.open('repo/fraud/project.yaml', project('churn'))), ['naming-convention', 'use-team']);

    // The convention changes on disk: open and closed files follow.
    h.write('repo/.zenml-projects.yaml', "checks:\n  teamThreshold: 10\n  projectIdPattern: '^ch'\n");
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('repo/.zenml-projects.yaml'), type: 2 }] });
    await h.diagnostics('repo/fraud/project.yaml', (p) => codes(p).length === 0, 'the open file under the new convention');
    // Removed: the settings alone (threshold 5, no convention) apply again.
    rmSync(path.join(h.root, 'repo/legacy/.zenml-projects.yaml'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('repo/legacy/.zenml-projects.yaml'), type: 3 }] });
    assert.deepEqual(codes(await h.diagnostics('repo/legacy/old/project.yaml', (p) => codes(p).includes('naming-convention'), 'legacy under the repository file')), ['naming-convention']);
  } finally {
    await h.stop();
  }
});

test('a wrong value in the file is logged once, and the setting is used instead', async () => {
  const h = await ServerHarness.start(
    { 'repo/.zenml-projects.yaml': "checks:\n  teamThreshold: many\n  projectIdPattern: '(['\n", 'repo/p/project.yaml': project('fraud') },
    { settings: { zenmlProjects: { checks: { teamThreshold: 2 } } } },
  );
  try {
    assert.deepEqual(codes(await h.diagnostics('repo/p/project.yaml', (p) => p.diagnostics.length > 0)), ['use-team']);
    const logged = h.logs.filter((m) => m.includes('.zenml-projects.yaml'));
    assert.equal(logged.length, 2, logged.join('\n'));
    assert.match(logged.join('\n'), /checks\.teamThreshold must be a whole number ≥ 0 \(0 turns the check off\), not "many"; the setting is used instead\./);
    assert.match(logged.join('\n'), /checks\.projectIdPattern is not a valid regular expression .*; the setting is used instead\./);
  } finally {
    await h.stop();
  }
});
