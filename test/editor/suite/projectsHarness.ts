/**
 * What the project suites (connection, tree, commands) share: a real local workspace with the
 * demo content, started once from the bundled CLI (dist/cli.js) for the whole run; the extension
 * pointed at it through the `zenmlProjects.workspaceUrl` setting and signed in with the admin's
 * API key; and the fixture folder's `.zen/config.yaml` naming a project of that workspace
 * (fraud-detection). The suites switch projects in that file; its original text is put back after
 * the run, and the files the suites create in the folder are removed.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CommandResult } from '../../../client/src/commands/commandSupport';
import type { ConnectionState } from '../../../client/src/connection/workspaceConnection';
import type { ZenmlProjectsApi } from '../../../client/src/extension';
import type { TreeNode } from '../../../client/src/views/treeNodes';
import { waitFor } from './editorState';

export const EXTENSION_ID = 'zenml-projects.zenml-projects';

export interface Harness {
  api: ZenmlProjectsApi;
  url: string;
  adminApiKey: string;
  /** The admin's ZenML Pro API key (ZENPROKEY_...), for the Pro API's own sign-in. */
  proApiKey: string;
  dataDir: string;
  /** The demo users' passwords. */
  passwords: Map<string, string>;
  /** The demo users' ZenML Pro personal access tokens. */
  pats: Map<string, string>;
  /** The fixture folder (test/fixtures/editor-workspace). */
  folder: vscode.WorkspaceFolder;
  /** Its `.zen/config.yaml`. */
  configFile: string;
  /** A folder in it for files the suites create (removed after the run). */
  scratch: string;
}

/** Folders and files of the fixture the suites may create; removed after the run. */
const SCRATCH = 'scratch-projects';

let started: Promise<Harness> | undefined;
let server: ChildProcess | undefined;
/** Other workspaces a suite started (the OSS edition), and their data folders: stopped and removed after the run. */
const extraServers: ChildProcess[] = [];
const extraDirs: string[] = [];

/** Removes `dir` after the run, once the workspaces started in it have stopped. */
export function removeAfterRun(dir: string): void {
  extraDirs.push(dir);
}
let dataDir: string | undefined;
let restoreConfig: (() => void) | undefined;
let scratchDir: string | undefined;

/** Writes through a temporary file and a rename, as ZenML's config writes do. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/**
 * Starts `dist/cli.js workspace serve --seed demo` (the Pro edition unless told otherwise) and
 * reads the URL it prints; `stop` ends it.
 */
export async function startWorkspace(cli: string, dir: string, edition: 'pro' | 'oss' = 'pro'): Promise<string> {
  const proc = spawn(process.execPath, [cli, 'workspace', 'serve', '--edition', edition, '--host', '127.0.0.1', '--port', '0', '--data', dir, '--seed', 'demo'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (edition === 'pro') server = proc;
  else extraServers.push(proc);
  return new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the local workspace did not start within 60 s:\n${out}\n${err}`)), 60_000);
    proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = /^Local workspace listening on (http:\/\/\S+)\s*$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local workspace exited with ${code}:\n${out}\n${err}`));
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on (it was just closed). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function setWorkspaceUrl(url: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('zenmlProjects').update('workspaceUrl', url, vscode.ConfigurationTarget.Global);
}

export async function signIn(key: string): Promise<ConnectionState> {
  return (await vscode.commands.executeCommand<ConnectionState>('zenmlProjects.signIn', key))!;
}

/** Signs in to ZenML Pro (the second account) with a Pro API key or personal access token. */
export async function signInToPro(credential: string): Promise<CommandResult> {
  return (await vscode.commands.executeCommand<CommandResult>('zenmlProjects.signInToPro', credential))!;
}

/**
 * Signs in as the admin — to the workspace with its API key, to ZenML Pro with its Pro API key —
 * and waits for the session the tree and the commands use.
 */
export async function signInAsAdmin(h: Harness): Promise<void> {
  const state = await signIn(h.adminApiKey);
  assert.equal(state.kind, 'connected', `signing in as admin: ${JSON.stringify(state)}`);
  const pro = await signInToPro(h.proApiKey);
  assert.ok(pro.ok, `signing in to ZenML Pro as admin: ${JSON.stringify(pro)}`);
  await waitFor('the tree to show the workspace', async () => (await h.api.projectTree.getChildren())?.length === 1, () => JSON.stringify(h.api.connectionState().kind));
}

/** Signs in as a demo user: a workspace token from the login form, and their own personal access token for ZenML Pro. */
export async function signInAs(h: Harness, user: string): Promise<ConnectionState> {
  const state = await signIn(await tokenOf(h, user));
  if (state.kind !== 'connected') return state;
  const pro = await signInToPro(h.pats.get(user)!);
  assert.ok(pro.ok, `signing in to ZenML Pro as ${user}: ${JSON.stringify(pro)}`);
  return state;
}

/** An access token of a demo user, from ZenML's login form (for signing in as someone else). */
export async function tokenOf(h: Harness, user: string): Promise<string> {
  const res = await fetch(`${h.url}/api/v1/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: user, password: h.passwords.get(user)! }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  assert.ok(body.access_token, `login as ${user} failed: ${res.status} ${JSON.stringify(body)}`);
  return body.access_token;
}

/**
 * Runs one of the extension's commands and returns its outcome. A modal question it asks fails
 * the test at once, with its text: nothing in the extension host can answer one, and the command
 * would wait for it until the suite's timeout.
 */
export async function run<T = unknown>(command: string, arg?: unknown): Promise<CommandResult<T>> {
  const api = vscode.extensions.getExtension<ZenmlProjectsApi>(EXTENSION_ID)?.exports;
  // A question left open by an earlier failure is that failure's, not this command's.
  const before = new Set(api?.output().questions ?? []);
  let done = false;
  const asked = (async (): Promise<never> => {
    for (;;) {
      const questions = (api?.output().questions ?? []).filter((q) => !before.has(q));
      if (questions.length) throw new Error(`${command} asked a question that no test can answer: ${questions.join(' | ')}`);
      if (done) return new Promise<never>(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  try {
    const result = await Promise.race([vscode.commands.executeCommand<CommandResult<T>>(command, arg), asked]);
    assert.ok(result && typeof result === 'object' && 'ok' in result, `${command} returned no outcome: ${JSON.stringify(result)}`);
    return result;
  } finally {
    done = true;
  }
}

/** Runs a command that must succeed, and returns its value. */
export async function ok<T = unknown>(command: string, arg?: unknown): Promise<T> {
  const result = await run<T>(command, arg);
  if (!result.ok) assert.fail(`${command} failed: ${'error' in result ? result.error : 'cancelled'}`);
  return result.value;
}

/** The error sentence of a command that must fail. */
export async function failure(command: string, arg?: unknown): Promise<string> {
  const result = await run(command, arg);
  if (result.ok) assert.fail(`${command} succeeded: ${JSON.stringify(result.value)}`);
  assert.ok('error' in result, `${command} was cancelled instead of failing`);
  return result.error;
}

/** A node's TreeItem, resolved as the view would draw it. */
export async function item(h: Harness, node: TreeNode): Promise<vscode.TreeItem> {
  return h.api.projectTree.getTreeItem(node);
}

export function labelOf(i: vscode.TreeItem): string {
  return typeof i.label === 'string' ? i.label : (i.label?.label ?? '');
}

export function tooltipOf(i: vscode.TreeItem): string {
  return typeof i.tooltip === 'string' ? i.tooltip : (i.tooltip?.value ?? '');
}

/**
 * A project row's description without its usage counts ("3 pipelines · 12 runs · … · idle"),
 * which join it once they are read.
 */
export function withoutUsage(description: vscode.TreeItem['description']): string {
  return String(description ?? '')
    .split(' · ')
    .filter((part) => !/^\d+ (pipelines?|runs?|artifacts?|models?)$/.test(part) && part !== 'idle')
    .join(' · ');
}

/** The children of a node with their drawn items. */
export async function children(h: Harness, node?: TreeNode): Promise<{ node: TreeNode; item: vscode.TreeItem }[]> {
  const nodes = (await h.api.projectTree.getChildren(node)) ?? [];
  return Promise.all(nodes.map(async (n) => ({ node: n, item: await item(h, n) })));
}

/** The child whose label is `label`. */
export async function child(h: Harness, parent: TreeNode | undefined, label: string): Promise<TreeNode> {
  const all = await children(h, parent);
  const found = all.find((c) => labelOf(c.item) === label);
  assert.ok(found, `no '${label}' under ${parent?.key ?? 'the root'}; found: ${all.map((c) => labelOf(c.item)).join(', ')}`);
  return found.node;
}

/** The projects' UUIDs by ID, as the workspace has them. */
export async function projectUuid(h: Harness, id: string): Promise<string> {
  const res = await fetch(`${h.url}/api/v1/projects/${id}`, { headers: { authorization: `Bearer ${h.adminApiKey}` } });
  const body = (await res.json()) as { id?: string };
  assert.ok(body.id, `no project ${id}: ${JSON.stringify(body)}`);
  return body.id;
}

/** The run's workspace, connection and folder: set up once, for every project suite. */
export function harness(): Promise<Harness> {
  started ??= (async () => {
    const extension = vscode.extensions.getExtension<ZenmlProjectsApi>(EXTENSION_ID);
    assert.ok(extension, 'the extension under development is not loaded');
    const api = await extension.activate();
    assert.equal(typeof api.projectTree?.getChildren, 'function', 'activate() returned no projectTree');
    console.log(`[projects] activate() returned in ${api.activationMs} ms; language client ready ${await api.clientReady} ms after activation began`);

    dataDir = mkdtempSync(path.join(tmpdir(), 'zenml-editor-ws-'));
    const url = await startWorkspace(path.join(extension.extensionPath, 'dist', 'cli.js'), dataDir);
    const adminApiKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
    const proApiKey = readFileSync(path.join(dataDir, 'pro-api-key'), 'utf8').trim();
    const creds = JSON.parse(readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8')) as { users: { name: string; password: string; personal_access_token: string }[] };
    const passwords = new Map(creds.users.map((u) => [u.name, u.password]));
    const pats = new Map(creds.users.map((u) => [u.name, u.personal_access_token]));

    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'VS Code opened no workspace folder; the runner must open test/fixtures/editor-workspace');
    const configFile = path.join(folder.uri.fsPath, '.zen', 'config.yaml');
    const original = readFileSync(configFile, 'utf8');
    restoreConfig = () => {
      if (readFileSync(configFile, 'utf8') !== original) writeAtomically(configFile, original);
    };
    scratchDir = path.join(folder.uri.fsPath, SCRATCH);
    assert.ok(!existsSync(scratchDir), `${scratchDir} is left from an earlier run: remove it`);

    await setWorkspaceUrl(url);
    const h: Harness = { api, url, adminApiKey, proApiKey, dataDir, passwords, pats, folder, configFile, scratch: scratchDir };
    await signInAsAdmin(h);
    // The fixture names a project no workspace has; make it name one of this workspace's.
    const fraud = await projectUuid(h, 'fraud-detection');
    writeAtomically(configFile, original.replace(/^active_project_id: .*$/m, `active_project_id: ${fraud}`));
    await waitFor(
      "the fixture folder's active project from its .zen/config.yaml, mapped to its ID",
      () => api.activeProjects().find((i) => i.folderUri === folder.uri.toString() && i.projectId === 'fraud-detection'),
      () => JSON.stringify(api.activeProjects(), null, 2),
    );
    return h;
  })();
  return started;
}

/** Undoes everything harness() did; registered once as a root hook. */
export async function teardown(): Promise<void> {
  if (!started) return;
  await started.catch(() => undefined);
  started = undefined;
  restoreConfig?.();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
  await vscode.commands.executeCommand('zenmlProjects.signOutOfPro');
  await vscode.commands.executeCommand('zenmlProjects.signOut');
  await setWorkspaceUrl(undefined);
  for (const proc of extraServers.splice(0)) {
    const gone = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await gone;
  }
  for (const dir of extraDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  if (server) {
    const proc = server;
    const gone = new Promise<void>((r) => proc.once('exit', () => r()));
    proc.kill('SIGTERM');
    await gone;
    server = undefined;
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}

let teardownRegistered = false;

/** Registers teardown() as a root `after` hook once, whichever project suite loads first. */
export function tearDownAfterRun(): void {
  if (teardownRegistered) return;
  teardownRegistered = true;
  after(teardown);
}
