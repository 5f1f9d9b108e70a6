/** Runs the bundled CLI against a test workspace without blocking this process, which serves it. */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import type { TestWorkspace } from '../local-workspace/helpers';

const BIN = path.resolve('bin/zenml-projects.js');

/**
 * Signed in as the workspace admin (its API key), unless `env` says otherwise (e.g.
 * `{ ZENML_STORE_API_KEY: '', ZENML_STORE_API_TOKEN: token }` for another user).
 */
export function cliAgainst(ws: TestWorkspace, args: string[], cwd = process.cwd(), env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...process.env, ZENML_STORE_URL: ws.server.url, ZENML_STORE_API_KEY: ws.server.adminApiKey, ZENML_PRO_API_KEY: ws.server.proApiKey ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
