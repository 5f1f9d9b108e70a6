/**
 * The local workspace bundled with the extension, run with VS Code's own executable as the
 * runtime (`ELECTRON_RUN_AS_NODE=1`), its data in the extension's global storage. It serves on a
 * free port of 127.0.0.1 and the extension connects with the admin's API key.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { log } from '../log';

export interface LocalWorkspace {
  url: string;
  adminApiKey: string;
  /** The admin's ZenML Pro API key, for the Pro API of the (default) Pro edition. */
  proApiKey?: string;
  dataDir: string;
}

/** The keys the server wrote into its data folder. */
async function readKeys(dataDir: string): Promise<{ adminApiKey: string; proApiKey?: string }> {
  const adminApiKey = (await fs.readFile(path.join(dataDir, 'admin-api-key'), 'utf8')).trim();
  const proApiKey = (await fs.readFile(path.join(dataDir, 'pro-api-key'), 'utf8').catch(() => '')).trim() || undefined;
  return { adminApiKey, proApiKey };
}

const LISTENING = /^Local workspace listening on (http:\/\/\S+)\s*$/m;
const START_TIMEOUT_MS = 60_000;
/** Where a server left running after its window closed says where it is, for the next window. */
const KEPT_FILE = 'kept-server.json';

export class LocalWorkspaceProcess implements vscode.Disposable {
  private child: ChildProcess | undefined;
  private running: LocalWorkspace | undefined;
  private readonly exited = new vscode.EventEmitter<string>();
  /** Fires with a sentence when the server stops without being asked to. */
  readonly onDidExitUnexpectedly = this.exited.event;
  private stopping = false;
  /** The process ID of a server kept from an earlier window (not our child). */
  private keptPid: number | undefined;

  constructor(
    private readonly cliPath: string,
    private readonly dataDir: string,
  ) {}

  get current(): LocalWorkspace | undefined {
    return this.running;
  }

  /**
   * Finds a server that an earlier window left running (zenmlProjects.localWorkspace.keepRunning)
   * and uses it, rather than starting a second one on the same data folder.
   */
  async attachKept(): Promise<LocalWorkspace | undefined> {
    if (this.running) return this.running;
    const file = path.join(this.dataDir, KEPT_FILE);
    let kept: { url?: unknown; pid?: unknown };
    try {
      kept = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch {
      return undefined;
    }
    const alive = typeof kept.pid === 'number' && isAlive(kept.pid);
    const answers = alive && typeof kept.url === 'string' && (await fetch(`${kept.url}/api/v1/info`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false));
    if (!answers) {
      await fs.rm(file, { force: true });
      return undefined;
    }
    this.keptPid = kept.pid as number;
    this.running = { url: kept.url as string, ...(await readKeys(this.dataDir)), dataDir: this.dataDir };
    log().info(`Using the local workspace an earlier window left running at ${this.running.url}`);
    return this.running;
  }

  async start(options: { seed?: 'demo' } = {}): Promise<LocalWorkspace> {
    if (this.running) return this.running;
    const kept = await this.attachKept();
    if (kept) return kept;
    await fs.mkdir(this.dataDir, { recursive: true });
    const args = [this.cliPath, 'workspace', 'serve', '--host', '127.0.0.1', '--port', '0', '--data', this.dataDir, ...(options.seed ? ['--seed', options.seed] : [])];
    log().info(`Starting the local workspace (data in ${this.dataDir})`);
    const child = spawn(process.execPath, args, { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.stopping = false;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => fail(vscode.l10n.t('it did not start within {0} s', START_TIMEOUT_MS / 1000)), START_TIMEOUT_MS);
      const fail = (why: string) => {
        clearTimeout(timer);
        child.kill();
        reject(new Error(vscode.l10n.t('The local workspace could not start: {0}. See "ZenML Projects: Show Logs".', why)));
      };
      child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
        out += chunk;
        for (const line of chunk.split('\n')) if (line.trim()) log().info(`[local workspace] ${line.trim()}`);
        const m = LISTENING.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
        err += chunk;
        for (const line of chunk.split('\n')) if (line.trim()) log().warn(`[local workspace] ${line.trim()}`);
      });
      child.on('error', (e) => fail(e.message));
      child.on('exit', (code, signal) => {
        if (!this.running) fail(err.trim().split('\n').pop() || `exit ${signal ?? code}`);
        else if (!this.stopping) this.exited.fire(vscode.l10n.t('The local workspace stopped unexpectedly ({0}). Start it again with "ZenML Projects: Start Local Workspace".', String(signal ?? code)));
        this.running = undefined;
        this.child = undefined;
      });
    });
    this.running = { url, ...(await readKeys(this.dataDir)), dataDir: this.dataDir };
    log().info(`Local workspace running at ${url}`);
    return this.running;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child && this.keptPid !== undefined) {
      await this.stopKept(this.keptPid);
      return;
    }
    if (!child) return;
    this.stopping = true;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
    log().info('Local workspace stopped');
  }

  /** Leaves the server running after the window closes (the user chose to keep it), and says where it is. */
  async detach(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    await fs.writeFile(path.join(this.dataDir, KEPT_FILE), JSON.stringify({ url: this.running.url, pid: child.pid }), { mode: 0o600 });
    child.unref();
    this.child = undefined;
  }

  private async stopKept(pid: number): Promise<void> {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
    await fs.rm(path.join(this.dataDir, KEPT_FILE), { force: true });
    this.keptPid = undefined;
    this.running = undefined;
    log().info('Local workspace stopped');
  }

  dispose(): void {
    if (this.child) {
      this.stopping = true;
      this.child.kill('SIGTERM');
    }
    this.exited.dispose();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
