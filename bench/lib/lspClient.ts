/**
 * A small Language Server Protocol client that runs a server as a child process and talks to
 * it over stdio, the way an editor does. It answers the requests a server sends to its client
 * (configuration, capability registration, progress) so that real servers run unmodified, and
 * it never blocks: every request and every wait has a timeout that says what did not happen.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { ClientCapabilities, InitializeResult, WorkspaceFolder } from 'vscode-languageserver';
import { encodeMessage, MessageReader } from './jsonRpcFraming';

/** A request or wait that did not complete in time. */
export class TimeoutError extends Error {
  constructor(
    what: string,
    readonly timeoutMs: number,
  ) {
    super(`${what}: timed out after ${formatSeconds(timeoutMs)}`);
    this.name = 'TimeoutError';
  }
}

/** An error response from the server. */
export class ResponseError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(`${method} failed (${code}): ${message}`);
    this.name = 'ResponseError';
  }
}

export interface LspServerCommand {
  /** A name for messages ("yaml-language-server"). */
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

/** Answers a request the server sends; the value returned is the result. */
export type ServerRequestHandler = (params: any) => unknown | Promise<unknown>;
export type NotificationHandler = (params: any) => void;

export interface InitializeOptions {
  rootUri: string | null;
  /** The pre-3.0 root, for testing clients that send only it. */
  rootPath?: string;
  workspaceFolders?: WorkspaceFolder[] | null;
  capabilities?: ClientCapabilities;
  initializationOptions?: unknown;
  timeoutMs?: number;
}

interface PendingRequest {
  method: string;
  resolve: (result: any) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout | undefined;
}

/** Capabilities of an editor that supports what the benchmarks use. */
export const DEFAULT_CLIENT_CAPABILITIES: ClientCapabilities = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true, willSave: false, willSaveWaitUntil: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
    completion: {
      dynamicRegistration: true,
      contextSupport: true,
      completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true, insertTextModeSupport: { valueSet: [1, 2] } },
    },
    hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
    codeAction: { dynamicRegistration: true, codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } } },
  },
  window: { workDoneProgress: true, showMessage: {} },
};

/** Keeps the last `limit` characters of a stream, for error messages. */
class Tail {
  private text = '';
  constructor(private readonly limit: number) {}
  add(chunk: string): void {
    this.text = (this.text + chunk).slice(-this.limit);
  }
  toString(): string {
    return this.text;
  }
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private nextId = 1;
  private readonly pending = new Map<number | string, PendingRequest>();
  private readonly notificationHandlers = new Map<string, Set<NotificationHandler>>();
  private readonly requestHandlers = new Map<string, ServerRequestHandler>();
  private readonly stderrTail = new Tail(4000);
  private exitError: Error | undefined;
  /** Waits to end when the process exits. */
  private readonly exitListeners = new Set<() => void>();
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Settings answered to `workspace/configuration`, looked up by dotted section. */
  settings: Record<string, unknown> = {};
  /** Capabilities the server registered dynamically (`client/registerCapability`), by id. */
  readonly registrations = new Map<string, { method: string; registerOptions?: unknown }>();
  /** The server's answer to `initialize`, once it has given it. */
  initializeResult: InitializeResult | undefined;
  /** What the server sent with `window/logMessage` and `window/showMessage`, most recent last. */
  readonly messages: { type: number; message: string }[] = [];

  private constructor(readonly server: LspServerCommand) {
    this.child = spawn(server.command, server.args, {
      cwd: server.cwd,
      env: server.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const reader = new MessageReader((message) => this.dispatch(message));
    this.child.stdout.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk);
      } catch (error) {
        this.fail(new Error(`${server.name} sent something that is not an LSP message: ${(error as Error).message}`));
        this.child.kill();
      }
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => this.stderrTail.add(chunk));
    // A server that exits while we write would otherwise crash this process with EPIPE.
    this.child.stdin.on('error', () => undefined);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.fail(new Error(`${server.name} exited (${signal ?? `code ${code}`})${this.stderrSuffix()}`));
        resolve({ code, signal });
      });
      this.child.on('error', (error) => {
        this.fail(new Error(`${server.name} could not be started (${server.command}): ${error.message}`));
        resolve({ code: null, signal: null });
      });
    });
    this.installDefaultRequestHandlers();
  }

  /** Starts the server process. Call `initialize` next. */
  static start(server: LspServerCommand): LspClient {
    return new LspClient(server);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get stderr(): string {
    return this.stderrTail.toString();
  }

  /** Whether the server offers `method` ("textDocument/completion"), statically or by registration. */
  supports(method: string, capability: string): boolean {
    const capabilities = this.initializeResult?.capabilities as Record<string, unknown> | undefined;
    const value = capabilities?.[capability];
    return (value !== undefined && value !== false) || [...this.registrations.values()].some((r) => r.method === method);
  }

  /** `initialize` then `initialized`; returns what the server said it can do. */
  async initialize(options: InitializeOptions): Promise<InitializeResult> {
    const result = await this.request<InitializeResult>(
      'initialize',
      {
        processId: process.pid,
        clientInfo: { name: 'zenml-projects-bench' },
        locale: 'en',
        rootUri: options.rootUri,
        ...(options.rootPath ? { rootPath: options.rootPath } : {}),
        workspaceFolders: options.workspaceFolders ?? null,
        capabilities: options.capabilities ?? DEFAULT_CLIENT_CAPABILITIES,
        initializationOptions: options.initializationOptions,
      },
      options.timeoutMs ?? 30_000,
    );
    this.initializeResult = result;
    this.notify('initialized', {});
    return result;
  }

  /** Sends a request; rejects with a `TimeoutError` (and cancels it) if no answer comes in time. */
  request<R = unknown>(method: string, params: unknown, timeoutMs: number): Promise<R> {
    if (this.exitError) return Promise.reject(this.exitError);
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.notify('$/cancelRequest', { id });
        reject(new TimeoutError(`${this.server.name} did not answer ${method}`, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { method, resolve, reject, timer });
      this.write({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (this.exitError) return;
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** Calls `handler` for every notification `method`; returns a function that stops it. */
  onNotification(method: string, handler: NotificationHandler): () => void {
    let handlers = this.notificationHandlers.get(method);
    if (!handlers) this.notificationHandlers.set(method, (handlers = new Set()));
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Answers requests `method` from the server with what `handler` returns. */
  onRequest(method: string, handler: ServerRequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  /**
   * Waits for the next notification `method` whose params satisfy `accept`. Start waiting
   * before sending what triggers it, so that a fast answer is not missed.
   */
  waitForNotification<P = any>(method: string, accept: (params: P) => boolean, timeoutMs: number, what?: string): Promise<P> {
    return new Promise<P>((resolve, reject) => {
      const stop = this.onNotification(method, (params: P) => {
        if (!accept(params)) return;
        finish();
        resolve(params);
      });
      const onExit = () => {
        finish();
        reject(this.exitError);
      };
      const timer = setTimeout(() => {
        finish();
        reject(new TimeoutError(`${this.server.name}: no ${what ?? method}`, timeoutMs));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        stop();
        this.exitListeners.delete(onExit);
      };
      if (this.exitError) onExit();
      else this.exitListeners.add(onExit);
    });
  }

  /** `shutdown` and `exit`; kills the process if it does not end by itself. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.exitError) {
      try {
        await this.request('shutdown', null, timeoutMs);
        this.notify('exit', null);
      } catch {
        // A server that cannot shut down cleanly is killed below.
      }
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }

  private installDefaultRequestHandlers(): void {
    this.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => lookupSection(this.settings, item.section)),
    );
    this.onRequest('client/registerCapability', (params: { registrations: { id: string; method: string; registerOptions?: unknown }[] }) => {
      for (const r of params.registrations) this.registrations.set(r.id, { method: r.method, registerOptions: r.registerOptions });
      return null;
    });
    this.onRequest('client/unregisterCapability', (params: { unregisterations?: { id: string }[]; unregistrations?: { id: string }[] }) => {
      // The protocol spells the field "unregisterations" for historical reasons.
      for (const r of params.unregisterations ?? params.unregistrations ?? []) this.registrations.delete(r.id);
      return null;
    });
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('window/showMessageRequest', () => null);
    this.onRequest('workspace/workspaceFolders', () => null);
    for (const refresh of ['workspace/semanticTokens/refresh', 'workspace/codeLens/refresh', 'workspace/inlayHint/refresh', 'workspace/diagnostic/refresh']) {
      this.onRequest(refresh, () => null);
    }
    const remember = (params: { type: number; message: string }) => {
      this.messages.push(params);
      if (this.messages.length > 200) this.messages.shift();
    };
    this.onNotification('window/logMessage', remember);
    this.onNotification('window/showMessage', remember);
  }

  private dispatch(message: any): void {
    if (message === null || typeof message !== 'object') return;
    const hasId = message.id !== undefined && message.id !== null;
    if (typeof message.method === 'string' && hasId) {
      void this.answer(message.id, message.method, message.params);
    } else if (typeof message.method === 'string') {
      for (const handler of this.notificationHandlers.get(message.method) ?? []) handler(message.params);
    } else if (hasId) {
      const pending = this.pending.get(message.id);
      if (!pending) return; // An answer to a request that already timed out.
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      if (message.error) {
        pending.reject(new ResponseError(pending.method, message.error.code, message.error.message, message.error.data));
      } else {
        pending.resolve(message.result ?? null);
      }
    }
  }

  private async answer(id: number | string, method: string, params: unknown): Promise<void> {
    const handler = this.requestHandlers.get(method);
    if (!handler) {
      this.write({ jsonrpc: '2.0', id, error: { code: -32601, message: `The client does not handle ${method}.` } });
      return;
    }
    try {
      const result = await handler(params);
      this.write({ jsonrpc: '2.0', id, result: result ?? null });
    } catch (error) {
      this.write({ jsonrpc: '2.0', id, error: { code: -32603, message: (error as Error).message } });
    }
  }

  private write(message: unknown): void {
    if (this.exitError) return;
    this.child.stdin.write(encodeMessage(message));
  }

  private fail(error: Error): void {
    if (this.exitError) return;
    this.exitError = error;
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.reject(error);
    }
    for (const listener of [...this.exitListeners]) listener();
  }

  private stderrSuffix(): string {
    const tail = this.stderr.trim();
    return tail ? `; its last output on stderr:\n${tail}` : '';
  }
}

/** `section` "a.b" of nested settings, or null when absent (what editors answer). */
export function lookupSection(settings: Record<string, unknown>, section: string | undefined): unknown {
  if (!section) return settings;
  if (Object.prototype.hasOwnProperty.call(settings, section)) return settings[section];
  let value: unknown = settings;
  for (const part of section.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.prototype.hasOwnProperty.call(value, part)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
