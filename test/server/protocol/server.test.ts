/**
 * The bundled language server (dist/server.js, built by `npm test`), spoken to over stdio as an
 * editor does: initialize, didOpen, diagnostics, didChange, completion, configuration, didClose,
 * shutdown — and bad input that must not hurt it.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../../../bench/lib/lspClient';

const SERVER = path.resolve('dist/server.js');
const BROKEN = 'id: Fraud Detection\nname: Fraud Detection\nmembers:\n  - user: alice@acme.com\n    role: owner\n';

let client: LspClient;
let root: string;
let version = 1;

interface Published {
  uri: string;
  version?: number;
  diagnostics: { code: string; range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity: number; message: string; source: string }[];
}

function uriOf(rel: string): string {
  return pathToFileURL(path.join(root, rel)).href;
}

/** Opens a document and returns the diagnostics published for it. */
async function open(rel: string, text: string, languageId = 'yaml'): Promise<Published> {
  const uri = uriOf(rel);
  const wait = client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, 15_000, `diagnostics for ${rel}`);
  client.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: version++, text } });
  return wait;
}

async function change(rel: string, changes: unknown[]): Promise<Published> {
  const uri = uriOf(rel);
  const v = version++;
  const wait = client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === v, 15_000, `diagnostics for ${rel} v${v}`);
  client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: changes });
  return wait;
}

const codes = (p: Published) => p.diagnostics.map((d) => d.code);

before(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'zp-protocol-'));
  client = LspClient.start({ name: 'zenml-projects server', command: process.execPath, args: [SERVER, '--stdio'] });
  client.settings = { zenmlProjects: { projectFiles: ['teams/*.yaml'] } };
  const init = await client.initialize({ rootUri: pathToFileURL(root).href, workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'root' }] });
  assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
});

after(async () => {
  await client.stop();
  rmSync(root, { recursive: true, force: true });
});

test('didOpen of a broken project file publishes precise diagnostics', async () => {
  const p = await open('a/project.yaml', BROKEN);
  assert.deepEqual(codes(p), ['missing-description', 'invalid-project-id', 'no-admin', 'unknown-role']);
  const id = p.diagnostics[1];
  assert.deepEqual(id.range, { start: { line: 0, character: 4 }, end: { line: 0, character: 19 } });
  assert.equal(id.severity, 1);
  assert.equal(id.source, 'zenml-projects');
  assert.match(id.message, /^Project ID may only contain lowercase letters/);
  assert.deepEqual(p.diagnostics[3].range, { start: { line: 4, character: 10 }, end: { line: 4, character: 15 } });
});

test('an incremental didChange updates the diagnostics', async () => {
  const p = await change('a/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 19 } }, text: 'fraud-detection' }]);
  assert.deepEqual(codes(p), ['missing-description', 'no-admin', 'unknown-role']);
  const q = await change('a/project.yaml', [{ range: { start: { line: 4, character: 10 }, end: { line: 4, character: 15 } }, text: 'admin' }]);
  assert.deepEqual(codes(q), ['missing-description', 'single-admin']);
  const r = await change('a/project.yaml', [{ range: { start: { line: 1, character: 21 }, end: { line: 1, character: 21 } }, text: '\ndescription: Catch fraud' }]);
  assert.deepEqual(codes(r), ['single-admin']);
});

test('completion at a role value offers the default and custom roles', async () => {
  await open('c/project.yaml', 'id: c\nroles:\n  - id: reviewer\nmembers:\n  - user: a\n    role: \n');
  const items = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', { textDocument: { uri: uriOf('c/project.yaml') }, position: { line: 5, character: 10 } }, 10_000);
  assert.deepEqual(
    items.map((i) => i.label),
    ['admin', 'developer', 'contributor', 'viewer', 'reviewer'],
  );
  assert.equal(items[0].detail, 'Project Admin');
});

test('a project.yaml that is clearly something else is left alone, with one word on how to opt it in', async () => {
  const p = await open('web/project.yaml', 'name: website\nversion: 2.1.0\nscripts:\n  build: make\n');
  assert.deepEqual(codes(p), ['not-a-project-file']);
  // It becomes a project file once it says so.
  const q = await change('web/project.yaml', [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: 'id: Web Site\n' }]);
  assert.ok(codes(q).includes('invalid-project-id'));
});

test('other YAML files get no diagnostics', async () => {
  const p = await open('docker-compose.yaml', 'services:\n  web:\n    image: nginx\nid: Not A Project\n');
  assert.deepEqual(p.diagnostics, []);
});

test('the projectFiles setting adds files by glob', async () => {
  const p = await open('teams/payments.yaml', 'id: Payments\n');
  assert.ok(codes(p).includes('invalid-project-id'), JSON.stringify(codes(p)));
  const other = await open('elsewhere/payments.yaml', 'id: Payments\n');
  assert.deepEqual(other.diagnostics, []);
});

test('didClose clears the diagnostics', async () => {
  const uri = uriOf('a/project.yaml');
  const wait = client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri, 10_000);
  client.notify('textDocument/didClose', { textDocument: { uri } });
  assert.deepEqual((await wait).diagnostics, []);
});

/** The server answers a request after bad input: it is alive and not stuck. */
async function stillResponsive(): Promise<void> {
  const items = await client.request<unknown[]>('textDocument/completion', { textDocument: { uri: uriOf('c/project.yaml') }, position: { line: 5, character: 10 } }, 10_000);
  assert.ok(items.length >= 4);
}

test('bad input: empty file, scalar and list roots, binary garbage', async () => {
  assert.deepEqual(codes(await open('bad/empty/project.yaml', '')), ['empty-file']);
  assert.deepEqual(codes(await open('bad/scalar/project.yaml', 'just text\n')), ['root-not-mapping']);
  assert.deepEqual(codes(await open('bad/list/project.yaml', '- id: a\n- id: b\n')), ['root-not-mapping']);
  const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('latin1');
  assert.deepEqual(codes(await open('bad/binary/project.yaml', garbage)), ['not-text']);
  await stillResponsive();
});

test('bad input: an alias bomb and deep nesting', async () => {
  let bomb = 'id: p\nx-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  let prev = 'a';
  for (const n of 'bcdefghi') {
    bomb += `x-${n}: &${n} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
    prev = n;
  }
  assert.deepEqual(codes(await open('bad/bomb/project.yaml', bomb)), ['alias-limit']);
  assert.deepEqual(codes(await open('bad/deep/project.yaml', `id: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)), ['too-deep']);
  await stillResponsive();
});

test('bad input: a 10 MB file gets a "too large" notice and edits stay cheap', async () => {
  const big = `id: p\nmembers:\n${'  - user: someone@acme.com\n    role: viewer\n'.repeat(250_000)}`;
  assert.ok(big.length > 10 * 1024 * 1024);
  const p = await open('bad/big/project.yaml', big);
  assert.deepEqual(codes(p), ['file-too-large']);
  const q = await change('bad/big/project.yaml', [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: 'Q' }]);
  assert.deepEqual(codes(q), ['file-too-large']);
  await stillResponsive();
});

test('shutdown and exit end the process cleanly', async () => {
  const c = LspClient.start({ name: 'second server', command: process.execPath, args: [SERVER, '--stdio'] });
  await c.initialize({ rootUri: null });
  await c.request('shutdown', null, 10_000);
  c.notify('exit', null);
  const { code } = await c.exited;
  assert.equal(code, 0);
});
