/**
 * The language server outside VS Code, in two real editors with their own LSP clients: headless
 * Neovim (Debian's 0.7, built-in client) and Emacs in batch mode with eglot (Debian's elpa-eglot).
 * Each opens the same project file, and the check asserts that each editor ends up with what a user
 * would see and get: the diagnostics (codes, severities, exact ranges, messages), a hover and a
 * definition for a custom role, the quick fix applied to the buffer, and a whole member entry
 * completed into the buffer as plain text (neither editor here expands snippets).
 *
 *   npm run build && node --import tsx test/editor/lsp-clients/run.ts [neovim|emacs]
 *
 * Exits 0 when every editor matched, 1 on a mismatch or timeout, 2 when an editor or the server is
 * missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const server = path.join(repoRoot, 'dist', 'server.js');
const WAIT_MS = 60_000;

/** The project file both editors open; line numbers below are 0-based. */
const FIXTURE = [
  'id: Editors Check',
  'description: Checked from other editors',
  'roles:',
  '  - id: data-reviewer',
  '    description: Reviews datasets before training',
  '    permissions:',
  '      artifact: [read]',
  'members:',
  '  - user: alice@acme.com',
  '    role: admn',
  '  - team: ml-platform',
  '    role: data-reviewer',
  '  ',
].join('\n');

/** The member role `data-reviewer` on line 11: hover and definition are asked there. */
const ROLE_AT = { line: 11, character: 12 };

/** LSP severities: 1 error, 2 warning, 3 information, 4 hint. */
const expectedDiagnostics = [
  { code: 'invalid-project-id', severity: 1, range: [0, 4, 0, 17], message: /^Project ID may only contain lowercase letters/ },
  { code: 'unknown-role', severity: 1, range: [9, 10, 9, 14], message: /'admn' is not a role of this project/ },
  { code: 'no-admin', severity: 2 },
];

/** The buffer after the quick fix and the completion, as both editors must leave it. */
const EXPECTED_TEXT = FIXTURE.replace('role: admn', 'role: admin').replace(/\n {2}$/, '\n  - user: name@example.com\n    role: admin');

interface EditorResult {
  error?: string;
  arrived?: boolean;
  server_exited?: unknown;
  server_name?: string;
  diagnostics?: { code: string | null; severity: number; message: string; range: [number, number, number, number] }[];
  hover?: string;
  definition_line?: number;
  actions?: string[];
  completion_labels?: string[];
  completion_format?: number;
  text?: string;
}

interface Editor {
  name: string;
  /** How this editor's config starts the server: both documented forms are tried, one each. */
  server: string[];
  /** The editor asks for plain-text hovers (eglot without markdown-mode); Neovim renders Markdown. */
  plainTextHover: boolean;
  available(env: NodeJS.ProcessEnv): boolean;
  command(file: string): [string, string[]];
  /** The editor's raw JSON in the shape above. */
  normalise(raw: any): EditorResult;
}

const editors: Editor[] = [
  {
    name: 'neovim',
    server: ['node', server, '--stdio'],
    plainTextHover: false,
    available: (env) => spawnSync('nvim', ['--version'], { env }).status === 0,
    // -n: no swap file next to the fixture; -i NONE: no shada file in $HOME.
    command: (file) => ['nvim', ['--headless', '-n', '-i', 'NONE', '-u', path.join(__dirname, 'neovim.lua'), file]],
    normalise: (raw) => ({
      ...raw,
      // Neovim's diagnostics are 0-based lnum/col; its severities are LSP's numbering.
      diagnostics: (raw.diagnostics ?? []).map((d: any) => ({ code: d.code, severity: d.severity, message: d.message, range: [d.lnum, d.col, d.end_lnum, d.end_col] })),
      hover: typeof raw.hover === 'object' && raw.hover ? raw.hover.value : raw.hover,
      definition_line: raw.definition?.range?.start?.line,
    }),
  },
  {
    name: 'emacs',
    server: ['node', path.join(repoRoot, 'bin', 'zenml-projects.js'), 'language-server', '--stdio'],
    plainTextHover: true,
    available: (env) => spawnSync('emacs', ['--batch', '--eval', "(progn (require 'eglot) (kill-emacs 0))"], { env }).status === 0,
    // --batch loads no init file, but Debian's site-start, which puts elpa-eglot on the load path.
    command: (file) => ['emacs', ['--batch', '-l', path.join(__dirname, 'eglot.el'), file]],
    normalise: (raw) => ({
      ...raw,
      diagnostics: (raw.diagnostics ?? []).map((d: any) => ({ code: d.code, severity: d.severity, message: d.message, range: [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character] })),
    }),
  },
];

/** Editors keep their state and logs in the throwaway folder, not $HOME. */
function isolatedHome(tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: path.join(tmp, 'home'), NVIM_LOG_FILE: path.join(tmp, 'nvim.log') };
  mkdirSync(env.HOME!, { recursive: true });
  for (const name of ['CONFIG', 'DATA', 'STATE', 'CACHE']) {
    env[`XDG_${name}_HOME`] = path.join(tmp, name.toLowerCase());
    mkdirSync(env[`XDG_${name}_HOME`]!, { recursive: true });
  }
  return env;
}

function runEditor(editor: Editor, env: NodeJS.ProcessEnv, file: string, out: string): Promise<{ status: number | null; output: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const [cmd, args] = editor.command(file);
    const child = spawn(cmd, args, {
      cwd: path.dirname(file),
      env: {
        ...env,
        ZENML_LSP_COMMAND: JSON.stringify(editor.server),
        ZENML_LSP_ROOT: path.dirname(file),
        ZENML_LSP_EXPECT: expectedDiagnostics.map((e) => e.code).join(','),
        ZENML_LSP_OUT: out,
        ZENML_LSP_TIMEOUT: String(WAIT_MS),
        ZENML_LSP_ROLE_LINE: String(ROLE_AT.line),
        ZENML_LSP_ROLE_COL: String(ROLE_AT.character),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    // The editors' own waits end at WAIT_MS each; this is the backstop if an editor hangs.
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, 4 * WAIT_MS);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output, timedOut });
    });
  });
}

function check(editor: Editor, r: EditorResult): string[] {
  if (r.error) return [`the editor reported: ${r.error}`];
  const problems: string[] = [];
  if (r.server_exited) problems.push(`the language server exited early (${JSON.stringify(r.server_exited)})`);
  if (!r.arrived) problems.push(`not every expected diagnostic arrived within ${WAIT_MS / 1000} s`);
  if (r.server_name !== undefined && r.server_name !== null && r.server_name !== 'zenml-projects') problems.push(`server name ${r.server_name}, expected zenml-projects`);
  const diagnostics = r.diagnostics ?? [];
  for (const e of expectedDiagnostics) {
    const found = diagnostics.filter((d) => d.code === e.code);
    if (found.length !== 1) {
      problems.push(`${e.code}: expected exactly one, found ${found.length}`);
      continue;
    }
    const d = found[0];
    if (d.severity !== e.severity) problems.push(`${e.code}: severity ${d.severity}, expected ${e.severity}`);
    if (e.range && d.range.join() !== e.range.join()) problems.push(`${e.code}: range ${d.range.join(',')}, expected ${e.range.join(',')}`);
    if (e.message && !e.message.test(d.message)) problems.push(`${e.code}: message '${d.message}' does not match ${e.message}`);
  }
  if (!/Reviews datasets before training/.test(r.hover ?? '')) problems.push(`hover on the custom role: ${JSON.stringify(r.hover)}, expected its description`);
  if (editor.plainTextHover && /\*\*|`/.test(r.hover ?? '')) problems.push(`hover is Markdown though the editor renders plain text: ${JSON.stringify(r.hover)}`);
  if (r.definition_line !== 3) problems.push(`definition of the custom role at line ${r.definition_line}, expected 3`);
  if (!r.actions?.includes("Change role to 'admin'")) problems.push(`quick fixes offered: ${JSON.stringify(r.actions)}`);
  if (!r.completion_labels?.includes('user member')) problems.push(`completion at the last line offered: ${JSON.stringify(r.completion_labels)}`);
  if (r.completion_format === 2) problems.push('completion sent a snippet to an editor without snippet support');
  if (r.text?.replace(/\n$/, '') !== EXPECTED_TEXT) problems.push(`the buffer afterwards:\n${r.text}\n--- expected:\n${EXPECTED_TEXT}`);
  return problems;
}

async function main(): Promise<number> {
  if (!existsSync(server)) {
    console.error(`${path.relative(repoRoot, server)} is missing; run \`npm run build\` first.`);
    return 2;
  }
  const only = process.argv.slice(2);
  let status = 0;
  for (const editor of editors.filter((e) => !only.length || only.includes(e.name))) {
    const tmp = mkdtempSync(path.join(tmpdir(), `zenml-${editor.name}-`));
    try {
      const env = isolatedHome(tmp);
      if (!editor.available(env)) {
        console.error(`${editor.name}: not installed (or without its LSP client); run \`bash test/editor/install.sh\` first.`);
        status = Math.max(status, 2);
        continue;
      }
      const folder = path.join(tmp, 'workspace', 'editors-check');
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, 'project.yaml');
      writeFileSync(file, FIXTURE);
      const out = path.join(tmp, 'result.json');
      const run = await runEditor(editor, env, file, out);
      if (run.timedOut || !existsSync(out)) {
        console.error(`${editor.name}: ${run.timedOut ? 'did not finish; killed it' : `exited (${run.status}) without a result`}. Its output:\n${run.output}`);
        status = 1;
        continue;
      }
      const result = editor.normalise(JSON.parse(readFileSync(out, 'utf8')));
      const problems = check(editor, result);
      if (problems.length) {
        console.error(`${editor.name} check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(editor output:\n${run.output})`);
        status = Math.max(status, 1);
      } else {
        console.log(`${editor.name} check passed: ${expectedDiagnostics.length} diagnostics with their ranges, hover, definition, quick fix and completion applied.`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return status;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
