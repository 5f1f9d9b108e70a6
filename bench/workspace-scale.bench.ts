/**
 * The language server at workspace scale: 1,000 project files of 50 members each, none of them
 * open. Measures the time from starting the server to every file's diagnostics being published,
 * then how fast an edit that creates (and then removes) a duplicate project ID reaches both files.
 *
 *   node --import tsx bench/workspace-scale.bench.ts [--files 1000] [--members 50] [--edits 10]
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { LspClient } from './lib/lspClient';
import { peakRssBytes } from './lib/processMemory';
import { formatBytes, formatMs, median, percentile } from './lib/stats';
import { renderTable } from './lib/table';

const ROOT = resolve(__dirname, '..');
const WORKSPACE = join(ROOT, 'bench', '.generated', 'workspace-scale');
const SERVER = join(ROOT, 'dist', 'server.js');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FILES = arg('files', 1_000);
const MEMBERS = arg('members', 50);
const EDITS = arg('edits', 10);

function projectText(i: number): string {
  const lines = [`id: project-${i}`, `name: Project ${i}`, `description: Generated project ${i}`, 'workspace: bench', 'members:'];
  for (let m = 0; m < MEMBERS; m++) lines.push(`  - user: user${m}-of-${i}@acme.com`, `    role: ${m === 0 ? 'admin' : m % 3 ? 'developer' : 'viewer'}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  rmSync(WORKSPACE, { recursive: true, force: true });
  for (let i = 0; i < FILES; i++) {
    const dir = join(WORKSPACE, `p${String(i).padStart(4, '0')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'project.yaml'), projectText(i));
  }
  const uriOf = (i: number) => pathToFileURL(join(WORKSPACE, `p${String(i).padStart(4, '0')}`, 'project.yaml')).href;

  const published = new Map<string, PublishDiagnosticsParams>();
  const started = performance.now();
  const client = LspClient.start({ name: 'zenml-projects', command: process.execPath, args: [SERVER, '--stdio'], env: { ...process.env, ZENML_CONFIG_PATH: join(WORKSPACE, '.no-global') } });
  let allPublishedAt = 0;
  const everyFile = new Promise<void>((done) => {
    client.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      published.set(p.uri, p);
      if (!allPublishedAt && published.size >= FILES) {
        allPublishedAt = performance.now();
        done();
      }
    });
  });
  const root = pathToFileURL(WORKSPACE).href;
  await client.initialize({ rootUri: root, workspaceFolders: [{ uri: root, name: 'bench' }] });
  await Promise.race([everyFile, new Promise((_, fail) => setTimeout(() => fail(new Error(`only ${published.size} of ${FILES} files published within 60 s`)), 60_000))]);
  const firstAll = allPublishedAt - started;

  // Edits: open file 0 and toggle its ID between its own and file 1's.
  const a = uriOf(0);
  const b = uriOf(1);
  let version = 1;
  client.notify('textDocument/didOpen', { textDocument: { uri: a, languageId: 'yaml', version, text: projectText(0) } });
  const waitFor = (uri: string, hasDuplicate: boolean) =>
    client.waitForNotification<PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'duplicate-project-id') === hasDuplicate, 10_000);
  await waitFor(a, false);
  const create: number[] = [];
  const remove: number[] = [];
  for (let e = 0; e < EDITS * 2; e++) {
    const makeDuplicate = e % 2 === 0;
    const t = performance.now();
    const both = Promise.all([waitFor(a, makeDuplicate), waitFor(b, makeDuplicate)]);
    version++;
    const text = makeDuplicate ? 'project-1' : 'project-0';
    client.notify('textDocument/didChange', { textDocument: { uri: a, version }, contentChanges: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 13 } }, text }] });
    await both;
    (makeDuplicate ? create : remove).push(performance.now() - t);
  }
  const rss = peakRssBytes(client.pid!);
  await client.stop();
  rmSync(WORKSPACE, { recursive: true, force: true });

  const row = (what: string, value: string, target: string, met: boolean) => [what, value, target, met ? 'met' : 'MISSED'];
  console.log(`Workspace: ${FILES} project files × ${MEMBERS} members, none open; ${EDITS} edits each way.\n`);
  console.log(
    renderTable(
      [{ title: 'measure' }, { title: 'ours', align: 'right' }, { title: 'target', align: 'right' }, { title: '' }],
      [
        row('server start → all files’ diagnostics', formatMs(firstAll), '≤ 3 s', firstAll <= 3000),
        row('edit creating a duplicate ID → both files (median)', formatMs(median(create)), '≤ 100 ms', median(create) <= 100),
        row('  p95', formatMs(percentile(create, 95)), '', true),
        row('edit removing it → both files (median)', formatMs(median(remove)), '≤ 100 ms', median(remove) <= 100),
        row('  p95', formatMs(percentile(remove, 95)), '', true),
        row('peak RSS', rss ? formatBytes(rss) : 'n/a', '', true),
      ],
    ),
  );
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
