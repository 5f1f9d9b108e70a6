/** Runs the bundled CLI from tests without blocking this process, which may serve the workspace it talks to. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { TestWorkspace } from '../local-workspace/helpers';

const BIN = path.resolve('bin/zenml-projects.js');

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs `zenml-projects args` in `cwd` with exactly the environment `env`; collects its output. */
export function runCli(args: string[], o: { cwd: string; env: NodeJS.ProcessEnv }): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

/**
 * Signed in as the workspace admin (its API key), unless `env` says otherwise (e.g.
 * `{ ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token }` for another user).
 */
export function cliAgainst(ws: TestWorkspace, args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCli(args, {
    cwd,
    env: { ...process.env, ZENML_STORE_URL: ws.server.url, ZENML_STORE_API_KEY: ws.server.adminApiKey, ZENML_PRO_API_KEY: ws.server.proApiKey ?? '', ...env },
  });
}
