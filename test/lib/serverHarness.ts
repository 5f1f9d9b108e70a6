/**
 * Starts the bundled language server on a temporary workspace folder, with files written to
 * disk first, and offers the few things protocol tests do again and again.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities } from 'vscode-languageserver-protocol';
import { LspClient } from '../../bench/lib/lspClient';

export interface PublishedDiagnostic {
  code: string;
  message: string;
  severity: number;
  source: string;
  range: Range;
  data?: Record<string, unknown>;
  relatedInformation?: { location: { uri: string; range: Range }; message: string }[];
}
export interface Range {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
export interface Published {
  uri: string;
  version?: number;
  diagnostics: PublishedDiagnostic[];
}

export class ServerHarness {
  readonly client: LspClient;
  /** The newest diagnostics published for each URI. */
  readonly latest = new Map<string, Published>();
  readonly logs: string[] = [];
  private version = 1;

  private constructor(
    readonly root: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.client = LspClient.start({ name: 'zenml-projects server', command: process.execPath, args: [path.resolve('dist/server.js'), '--stdio'], env });
    this.client.onNotification('textDocument/publishDiagnostics', (p: Published) => this.latest.set(p.uri, p));
    this.client.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
  }

  /** Writes `files` (path → text) under a new folder, then starts and initializes the server on it. */
  /**
   * `capabilities` and `initializationOptions` default to VS Code's (snippets, Markdown, code action
   * literals, UTF-16, push diagnostics, our client's commands); a test of another editor passes its own.
   */
  static async start(
    files: Record<string, string>,
    options: { env?: Record<string, string>; settings?: Record<string, unknown>; capabilities?: ClientCapabilities; initializationOptions?: unknown; workspaceFolders?: boolean; rootPath?: boolean } = {},
  ): Promise<ServerHarness> {
    const root = mkdtempSync(path.join(tmpdir(), 'zp-ws-'));
    for (const [rel, text] of Object.entries(files)) write(root, rel, text);
    // Isolate from the machine's own ZenML config unless a test says otherwise.
    const env: NodeJS.ProcessEnv = { ...process.env, ZENML_CONFIG_PATH: path.join(root, '.global-zenml'), ZENML_ACTIVE_PROJECT_ID: '', ZENML_REPOSITORY_PATH: '', ...options.env };
    const h = new ServerHarness(root, env);
    h.client.settings = options.settings ?? {};
    const uri = pathToFileURL(root).href;
    await h.client.initialize({
      rootUri: options.rootPath ? null : uri,
      rootPath: options.rootPath ? root : undefined,
      workspaceFolders: options.workspaceFolders === false ? null : [{ uri, name: 'ws' }],
      capabilities: options.capabilities,
      initializationOptions: options.initializationOptions ?? { vscodeClient: true },
    });
    return h;
  }

  uri(rel: string): string {
    return pathToFileURL(path.join(this.root, rel)).href;
  }

  write(rel: string, text: string | Buffer): void {
    write(this.root, rel, text);
  }

  /** Waits until the newest diagnostics for `rel` satisfy `accept` (they may have arrived already). */
  async diagnostics(rel: string, accept: (p: Published) => boolean = () => true, what = `diagnostics for ${rel}`): Promise<Published> {
    const uri = this.uri(rel);
    const now = this.latest.get(uri);
    if (now && accept(now)) return now;
    return this.client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && accept(p), 15_000, what);
  }

  async open(rel: string, text: string): Promise<Published> {
    const uri = this.uri(rel);
    const version = this.version++;
    const wait = this.client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 15_000, `diagnostics for ${rel}`);
    this.client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version, text } });
    return wait;
  }

  async change(rel: string, changes: unknown[]): Promise<Published> {
    const uri = this.uri(rel);
    const version = this.version++;
    const wait = this.client.waitForNotification<Published>('textDocument/publishDiagnostics', (p) => p.uri === uri && p.version === version, 15_000, `diagnostics for ${rel} v${version}`);
    this.client.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return wait;
  }

  request<R>(method: string, params: Record<string, unknown>, rel?: string): Promise<R> {
    return this.client.request<R>(method, rel ? { textDocument: { uri: this.uri(rel) }, ...params } : params, 15_000);
  }

  async stop(): Promise<void> {
    await this.client.stop();
    rmSync(this.root, { recursive: true, force: true });
  }
}

function write(root: string, rel: string, text: string | Buffer): void {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export const codes = (p: Published): string[] => p.diagnostics.map((d) => d.code);
