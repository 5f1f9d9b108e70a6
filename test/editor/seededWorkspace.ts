/**
 * A local workspace with the demo content (the Pro edition, the default), run from the bundled CLI
 * exactly as a user runs it (`dist/cli.js workspace serve --port 0 --data DIR --seed demo`), for the journey to point the
 * packaged extension at. stop() ends it.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ZenmlApi } from '../../common/api/zenmlApi';

export interface SeededWorkspace {
  url: string;
  adminApiKey: string;
  /** The admin's ZenML Pro API key: the Pro edition's Pro API takes no workspace credential. */
  proApiKey: string;
  /** The admin's client, for checking what the editor did. */
  api: ZenmlApi;
  stop(): Promise<void>;
}

const LISTENING = /^Local workspace listening on (http:\/\/\S+)\s*$/m;

/** `name`: the workspace's name (`--name`); `seed: false` starts it empty. */
export async function startSeededWorkspace(cli: string, dataDir: string, timeoutMs = 60_000, options: { name?: string; seed?: boolean } = {}): Promise<SeededWorkspace> {
  const args = ['workspace', 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, ...(options.seed === false ? [] : ['--seed', 'demo']), ...(options.name ? ['--name', options.name] : [])];
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };

  let out = '';
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local workspace did not start within ${timeoutMs / 1000} s:\n${out}${err}`)), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const m = LISTENING.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the local workspace exited (${signal ?? code}) before it listened:\n${out}${err}`));
    });
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  const adminApiKey = readFileSync(path.join(dataDir, 'admin-api-key'), 'utf8').trim();
  const proApiKey = readFileSync(path.join(dataDir, 'pro-api-key'), 'utf8').trim();
  return { url, adminApiKey, proApiKey, api: new ZenmlApi({ url, credentials: { apiKey: adminApiKey }, proCredential: () => proApiKey }), stop };
}
