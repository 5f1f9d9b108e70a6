/**
 * The language server outside VS Code: headless Neovim (Debian's 0.7) attaches `node dist/server.js
 * --stdio` to the broken fixture with its built-in LSP client, and this script checks that Neovim's
 * diagnostic API holds the same diagnostics VS Code shows (codes, severities, ranges, messages).
 *
 *   npm run build && node --import tsx test/editor/neovim/run.ts
 *
 * Exits 0 on a match, 1 on a mismatch or timeout, 2 when Neovim or the server is missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const server = path.join(repoRoot, 'dist', 'server.js');
const fixture = path.join(repoRoot, 'test', 'fixtures', 'editor-workspace', 'broken', 'project.yaml');
const WAIT_MS = 60_000;

/** Neovim's severities: 1 error, 2 warning, 3 information, 4 hint. */
const ERROR = 1;
const WARN = 2;
const INFO = 3;

interface NvimDiagnostic {
  code: string | null;
  source: string | null;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

interface NvimResult {
  error?: string;
  arrived?: boolean;
  server_exited?: { code: number; signal: number } | null;
  elapsed_ms?: number;
  filetype?: string;
  diagnostics?: NvimDiagnostic[];
}

interface Expectation {
  code: string;
  severity: number;
  range?: [line: number, start: number, end: number];
  message?: RegExp;
}

const expected: Expectation[] = [
  { code: 'invalid-project-id', severity: ERROR, range: [0, 4, 19], message: /^Project ID may only contain lowercase letters/ },
  { code: 'unknown-role', severity: ERROR, range: [4, 10, 15], message: /owner/ },
  { code: 'no-admin', severity: WARN },
  { code: 'missing-description', severity: INFO },
];

/** Neovim's logs (lsp.log) and state go to the throwaway folder, not $HOME. */
function neovimHome(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NVIM_LOG_FILE: path.join(tmp, 'nvim.log') };
  for (const name of ['CONFIG', 'DATA', 'STATE', 'CACHE']) {
    env[`XDG_${name}_HOME`] = path.join(tmp, name.toLowerCase());
    mkdirSync(env[`XDG_${name}_HOME`]!, { recursive: true });
  }
  return env;
}

function runNeovim(tmp: string, out: string): Promise<{ status: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    // -n: no swap file next to the fixture; -i NONE: no shada file in $HOME.
    const nvim = spawn('nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(__dirname, 'init.lua'), fixture], {
      cwd: repoRoot,
      env: {
        ...neovimHome(tmp),
        ZENML_NVIM_SERVER: server,
        ZENML_NVIM_ROOT: path.dirname(fixture),
        ZENML_NVIM_EXPECT: expected.map((e) => e.code).join(','),
        ZENML_NVIM_OUT: out,
        ZENML_NVIM_TIMEOUT: String(WAIT_MS),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    nvim.stdout.on('data', (d) => (output += d));
    nvim.stderr.on('data', (d) => (output += d));
    // Neovim's own wait ends at WAIT_MS; this is the backstop if Neovim itself hangs.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      nvim.kill('SIGKILL');
    }, WAIT_MS + 30_000);
    nvim.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, timedOut });
    });
  });
}

function check(result: NvimResult): string[] {
  if (result.error) return [`Neovim reported: ${result.error}`];
  const problems: string[] = [];
  if (result.server_exited) problems.push(`the language server exited early (${JSON.stringify(result.server_exited)})`);
  if (!result.arrived) problems.push(`not every expected code arrived within ${WAIT_MS / 1000} s`);
  const diagnostics = result.diagnostics ?? [];
  for (const e of expected) {
    const found = diagnostics.filter((d) => d.code === e.code);
    if (found.length !== 1) {
      problems.push(`${e.code}: expected exactly one, found ${found.length}`);
      continue;
    }
    const d = found[0];
    if (d.source !== 'zenml-projects') problems.push(`${e.code}: source is ${d.source}, expected zenml-projects`);
    if (d.severity !== e.severity) problems.push(`${e.code}: severity ${d.severity}, expected ${e.severity}`);
    if (e.range) {
      const [line, start, end] = e.range;
      const got = [d.lnum, d.col, d.end_lnum, d.end_col];
      if (got.join() !== [line, start, line, end].join()) problems.push(`${e.code}: range ${got.join(',')}, expected ${[line, start, line, end].join(',')}`);
    }
    if (e.message && !e.message.test(d.message)) problems.push(`${e.code}: message '${d.message}' does not match ${e.message}`);
  }
  return problems;
}

async function main(): Promise<number> {
  if (!existsSync(server)) {
    console.error(`${path.relative(repoRoot, server)} is missing; run \`npm run build\` first.`);
    return 2;
  }
  const tmp = mkdtempSync(path.join(tmpdir(), 'zenml-nvim-'));
  const out = path.join(tmp, 'result.json');
  try {
    if (spawnSync('nvim', ['--version'], { env: neovimHome(tmp) }).status !== 0) {
      console.error('Neovim (nvim) is not installed; run `bash test/editor/install.sh` first.');
      return 2;
    }
    const run = await runNeovim(tmp, out);
    if (run.timedOut) {
      console.error(`Neovim did not finish within ${(WAIT_MS + 30_000) / 1000} s; killed it. Its output:\n${run.output}`);
      return 1;
    }
    if (!existsSync(out)) {
      console.error(`Neovim exited (${run.status}) without writing a result. Its output:\n${run.output}`);
      return 1;
    }
    const result = JSON.parse(readFileSync(out, 'utf8')) as NvimResult;
    for (const d of result.diagnostics ?? []) {
      console.log(`  ${d.lnum}:${d.col}-${d.end_lnum}:${d.end_col} severity ${d.severity} ${d.source}(${d.code}) ${d.message}`);
    }
    const problems = check(result);
    if (problems.length) {
      console.error(`Neovim check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
      return 1;
    }
    console.log(`Neovim check passed: ${expected.length} diagnostics matched after ${Math.round(result.elapsed_ms ?? 0)} ms (filetype ${result.filetype}).`);
    return 0;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
