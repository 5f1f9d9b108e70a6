/**
 * Files named like project files that are not regular files: a named pipe (FIFO) and a symbolic
 * link to /dev/zero. Reading either would block one of the server's file threads (or never end);
 * after a few such events no project file would be read again. They are skipped, and real files
 * go on being read. The same for a FIFO in place of `.zen/config.yaml`, read on the main thread.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { codes, ServerHarness } from '../../lib/serverHarness';

const project = (id: string) => `id: ${id}\ndescription: d\nmembers:\n  - team: owners\n    role: admin\n`;

test('named pipes and links to /dev/zero named like project files are skipped without blocking the server', { skip: process.platform === 'win32' }, async () => {
  const h = await ServerHarness.start({ 'real/project.yaml': project('real') });
  try {
    await h.diagnostics('real/project.yaml');
    const specials: string[] = [];
    for (let i = 0; i < 6; i++) {
      mkdirSync(path.join(h.root, `pipe${i}`));
      execFileSync('mkfifo', [path.join(h.root, `pipe${i}`, 'project.yaml')]);
      specials.push(`pipe${i}/project.yaml`);
      mkdirSync(path.join(h.root, `zero${i}`));
      symlinkSync('/dev/zero', path.join(h.root, `zero${i}`, 'project.yml'));
      specials.push(`zero${i}/project.yml`);
    }
    // Each one announced twice: created, then changed.
    for (const type of [1, 2]) h.client.notify('workspace/didChangeWatchedFiles', { changes: specials.map((rel) => ({ uri: h.uri(rel), type })) });

    // A real project file written afterwards is still read and checked.
    h.write('later/project.yaml', project('Not Valid'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('later/project.yaml'), type: 1 }] });
    assert.deepEqual(codes(await h.diagnostics('later/project.yaml', (p) => p.diagnostics.length > 0)), ['invalid-project-id']);
    // And the server still answers requests.
    const symbols = await h.request<unknown[]>('textDocument/documentSymbol', {}, 'real/project.yaml');
    assert.ok(Array.isArray(symbols));
  } finally {
    await h.stop();
    rmSync(h.root, { recursive: true, force: true });
  }
});

test('a named pipe in place of .zen/config.yaml is reported, not read', { skip: process.platform === 'win32' }, async () => {
  const h = await ServerHarness.start({ 'project.yaml': project('piped'), '.zen/.keep': '' });
  try {
    execFileSync('mkfifo', [path.join(h.root, '.zen', 'config.yaml')]);
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('.zen/config.yaml'), type: 1 }] });
    const seen = await h.client.waitForNotification<{ message: string }>('window/logMessage', (p) => /config\.yaml could not be read \(it is not a regular file\)/.test(p.message), 15_000, 'the FIFO reported');
    assert.match(seen.message, /skipped/);
    h.write('other/project.yaml', project('Still Read'));
    h.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: h.uri('other/project.yaml'), type: 1 }] });
    assert.deepEqual(codes(await h.diagnostics('other/project.yaml', (p) => p.diagnostics.length > 0)), ['invalid-project-id']);
  } finally {
    await h.stop();
    rmSync(h.root, { recursive: true, force: true });
  }
});
