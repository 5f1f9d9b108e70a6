/**
 * The server answers each client in the forms it said it accepts: a minimal client (no snippets,
 * plain-text hovers, no code action literals, no file watching, no workspace folders) gets plain
 * insert text, plain text, commands, and the server's own watching; a client that prefers UTF-8
 * gets every position counted in bytes; a client that pulls diagnostics is answered, not pushed to.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { renameSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { ServerHarness, type Published } from '../../lib/serverHarness';

/** A client that declares none of the optional capabilities. */
const MINIMAL: ClientCapabilities = {};

const harnesses: ServerHarness[] = [];
after(() => Promise.all(harnesses.map((h) => h.stop())));

async function start(files: Record<string, string>, capabilities: ClientCapabilities, more: { workspaceFolders?: boolean; rootPath?: boolean } = {}): Promise<ServerHarness> {
  const h = await ServerHarness.start(files, { capabilities, initializationOptions: {}, ...more });
  harnesses.push(h);
  return h;
}

interface Item {
  label: string;
  textEdit?: { newText: string };
  insertText?: string;
  insertTextFormat?: number;
  insertTextMode?: number;
  documentation?: string | { kind: string; value: string };
}

test('no snippet support: plain insert text, whole entries indented, no placeholders', async () => {
  const h = await start({}, MINIMAL);
  await h.open('a/project.yaml', 'id: p\nmembers:\n  - user: a\n    role: admin\n  \n');
  const items = await h.request<Item[]>('textDocument/completion', { position: { line: 4, character: 2 } }, 'a/project.yaml');
  assert.ok(items.length > 0);
  for (const item of items) {
    assert.notEqual(item.insertTextFormat, 2, `${item.label} is a snippet`);
    assert.doesNotMatch(item.textEdit?.newText ?? '', /\$\{?\d/, `${item.label} keeps a placeholder`);
    assert.equal(item.insertTextMode, undefined, `${item.label} asks the client to adjust indentation`);
  }
  const user = items.find((i) => i.label === 'user member')!;
  // The client does not adjust indentation: the second line carries the line's indentation itself.
  assert.equal(user.textEdit!.newText, '- user: name@example.com\n    role: admin');

  // At column 0 nothing is added: `members:` and its first entry as written.
  await h.open('b/project.yaml', 'id: p\n\n');
  const fresh = await h.request<Item[]>('textDocument/completion', { position: { line: 1, character: 0 } }, 'b/project.yaml');
  assert.equal(fresh.find((i) => i.label === 'members')!.textEdit!.newText, 'members:\n  - user: name@example.com\n    role: admin');
  assert.ok(fresh.every((i) => i.insertTextFormat !== 2));
});

test('plain-text clients get hover and completion documentation as readable text, not Markdown', async () => {
  const h = await start({}, MINIMAL);
  await h.open('a/project.yaml', 'id: p\nmembers:\n  - user: a\n    role: admin\n');
  const hover = await h.request<{ contents: { kind: string; value: string } }>('textDocument/hover', { position: { line: 3, character: 11 } }, 'a/project.yaml');
  assert.equal(hover.contents.kind, 'plaintext');
  assert.match(hover.contents.value, /Project Admin/);
  assert.doesNotMatch(hover.contents.value, /\*\*|`/);
  const items = await h.request<Item[]>('textDocument/completion', { position: { line: 3, character: 10 } }, 'a/project.yaml');
  const admin = items.find((i) => i.label === 'admin')!;
  assert.equal(typeof admin.documentation === 'object' ? admin.documentation.kind : 'none', 'plaintext');
});

test('without code action literals, quick fixes are commands the server applies through workspace/applyEdit', async () => {
  const h = await start({}, { workspace: { applyEdit: true } });
  const published = await h.open('a/project.yaml', 'id: p\ndescription: d\nmembers:\n  - user: a\n    role: admn\n');
  const unknown = published.diagnostics.find((d) => d.code === 'unknown-role')!;
  const actions = await h.request<{ title: string; command: string; arguments: unknown[] }[]>('textDocument/codeAction', { range: unknown.range, context: { diagnostics: [unknown] } }, 'a/project.yaml');
  const fix = actions.find((a) => a.title === "Change role to 'admin'")!;
  assert.equal(fix.command, 'zenml-projects.applyWorkspaceEdit');
  let applied: { edit: { changes: Record<string, { newText: string }[]> } } | undefined;
  h.client.onRequest('workspace/applyEdit', (params: typeof applied) => {
    applied = params;
    return { applied: true };
  });
  await h.request('workspace/executeCommand', { command: fix.command, arguments: fix.arguments });
  assert.deepEqual(applied!.edit.changes[h.uri('a/project.yaml')].map((e) => e.newText), ['admin']);
});

test('a client that cannot watch files: the server follows project files on disk itself', async () => {
  const h = await start({ 'a/project.yaml': 'id: same\ndescription: d\n', 'b/notes.yaml': 'x: 1\n' }, MINIMAL);
  await h.diagnostics('a/project.yaml', (p) => p.diagnostics.length === 0 || !p.diagnostics.some((d) => d.code === 'duplicate-project-id'));
  // A checkout adds a second file with the same ID: both files get the error, nothing opened.
  h.write('b/project.yaml', 'id: same\ndescription: d\n');
  const dup = (p: Published) => p.diagnostics.some((d) => d.code === 'duplicate-project-id');
  await h.diagnostics('a/project.yaml', dup, 'duplicate-project-id on a after b appeared');
  await h.diagnostics('b/project.yaml', dup, 'duplicate-project-id on b');
  // A rename out of the project-file names, then a deletion, clear it again.
  renameSync(path.join(h.root, 'b/project.yaml'), path.join(h.root, 'b/old.txt'));
  await h.diagnostics('a/project.yaml', (p) => !dup(p), 'duplicate-project-id cleared after the rename');
  h.write('b/project.yml', 'id: same\n');
  await h.diagnostics('a/project.yaml', dup, 'duplicate again after project.yml appeared');
  rmSync(path.join(h.root, 'b/project.yml'));
  await h.diagnostics('a/project.yaml', (p) => !dup(p), 'cleared after the deletion');
});

test('no workspace folders and no rootUri: the rootPath is the workspace', async () => {
  const h = await start({ 'a/project.yaml': 'id: Bad ID\n' }, MINIMAL, { workspaceFolders: false, rootPath: true });
  const p = await h.diagnostics('a/project.yaml', (x) => x.diagnostics.some((d) => d.code === 'invalid-project-id'));
  assert.ok(p.diagnostics.length > 0);
});

const UTF8: ClientCapabilities = {
  general: { positionEncodings: ['utf-8', 'utf-16'] },
  textDocument: { completion: { completionItem: { snippetSupport: true } }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } } },
};

test('UTF-8 position encoding: negotiated, and every range in and out counts bytes', async () => {
  const h = await start({}, UTF8);
  assert.equal((h.client as unknown as { initializeResult: { capabilities: { positionEncoding: string } } }).initializeResult.capabilities.positionEncoding, 'utf-8');
  const line = '  - {user: jürgen☕@acme.com, role: admn}';
  const text = `id: p\ndescription: d\nmembers:\n${line}\n`;
  const published = await h.open('a/project.yaml', text);
  const unknown = published.diagnostics.find((d) => d.code === 'unknown-role')!;
  const start16 = line.indexOf('admn');
  const bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  assert.deepEqual(unknown.range, { start: { line: 3, character: bytes(line.slice(0, start16)) }, end: { line: 3, character: bytes(line.slice(0, start16 + 4)) } });

  // Hover at a byte offset inside `admn`... and at one inside `jürgen`.
  const roleHover = await h.request<{ range: { start: { character: number } } } | null>('textDocument/hover', { position: { line: 3, character: bytes(line.slice(0, start16)) + 1 } }, 'a/project.yaml');
  assert.equal(roleHover, null, 'an unknown role has no hover');

  // An edit at a UTF-8 position: `admn` → `admin`.
  const changed = await h.change('a/project.yaml', [{ range: unknown.range, text: 'admin' }]);
  assert.ok(!changed.diagnostics.some((d) => d.code === 'unknown-role'), JSON.stringify(changed.diagnostics));

  // A quick fix's edit comes back in bytes too.
  const again = await h.change('a/project.yaml', [{ range: { start: unknown.range.start, end: { line: 3, character: unknown.range.start.character + 5 } }, text: 'admn' }]);
  const d = again.diagnostics.find((x) => x.code === 'unknown-role')!;
  assert.deepEqual(d.range, unknown.range);
  const actions = await h.request<{ title: string; edit: { changes: Record<string, { range: unknown; newText: string }[]> } }[]>('textDocument/codeAction', { range: d.range, context: { diagnostics: [d] } }, 'a/project.yaml');
  const fix = actions.find((a) => a.title === "Change role to 'admin'");
  assert.ok(fix, JSON.stringify(actions));
  assert.deepEqual(fix.edit.changes[h.uri('a/project.yaml')][0].range, unknown.range);
});

test('UTF-16 stays the default when the client lists no encoding', async () => {
  const h = await start({}, MINIMAL);
  assert.equal((h.client as unknown as { initializeResult: { capabilities: { positionEncoding: string } } }).initializeResult.capabilities.positionEncoding, 'utf-16');
  const line = '  - {user: jürgen☕@acme.com, role: ownr}';
  const published = await h.open('a/project.yaml', `id: p\ndescription: d\nmembers:\n${line}\n`);
  assert.equal(published.diagnostics.find((d) => d.code === 'unknown-role')!.range.start.character, line.indexOf('ownr'));
});

const PULL: ClientCapabilities = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { diagnostics: { refreshSupport: true } } };

interface Report {
  kind: 'full' | 'unchanged';
  resultId?: string;
  items?: { code: string }[];
}

test('pull diagnostics: answered per document and for the workspace, never pushed, refreshed on cross-file change', async () => {
  // No description, no admin: the unopened file has diagnostics of its own.
  const h = await start({ 'a/project.yaml': 'id: same\n' }, PULL);
  const pushed: string[] = [];
  h.client.onNotification('textDocument/publishDiagnostics', (p: Published) => pushed.push(p.uri));
  let refreshes = 0;
  h.client.onRequest('workspace/diagnostic/refresh', () => {
    refreshes++;
    return null;
  });
  // The workspace report holds the unopened file once the scan is done.
  const workspaceReport = async () => h.request<{ items: (Report & { uri: string })[] }>('workspace/diagnostic', { previousResultIds: [] });
  let ws = await workspaceReport();
  for (let i = 0; i < 50 && !ws.items.some((r) => r.uri === h.uri('a/project.yaml')); i++) {
    await new Promise((r) => setTimeout(r, 100));
    ws = await workspaceReport();
  }
  const a = ws.items.find((r) => r.uri === h.uri('a/project.yaml'))!;
  assert.equal(a.kind, 'full');
  assert.deepEqual(a.items!.map((d) => d.code).sort(), ['missing-description', 'no-admin']);

  const uri = h.uri('b/project.yaml');
  h.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'id: same\ndescription: d\n' } });
  const b = await h.request<Report>('textDocument/diagnostic', { textDocument: { uri } });
  assert.equal(b.kind, 'full');
  assert.ok(b.items!.some((d) => d.code === 'duplicate-project-id'), JSON.stringify(b.items));
  const unchanged = await h.request<Report>('textDocument/diagnostic', { textDocument: { uri }, previousResultId: b.resultId });
  assert.equal(unchanged.kind, 'unchanged');
  // The other file changed because of this one: the client is asked to pull again.
  for (let i = 0; i < 50 && refreshes === 0; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(refreshes > 0, 'no workspace/diagnostic/refresh');
  const after = await workspaceReport();
  assert.deepEqual(after.items.find((r) => r.uri === h.uri('a/project.yaml'))!.items!.map((d) => d.code).sort(), ['duplicate-project-id', 'missing-description', 'no-admin']);
  assert.deepEqual(pushed, []);
});
