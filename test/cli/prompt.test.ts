/**
 * The interactive prompts of `prune` and `apply`: readline edits the line on the terminal itself
 * (its cursor codes act; Backspace erases), while the question — which may carry a server's
 * text — is made safe. Driven through a pseudo-terminal (util-linux `script`) when there is one,
 * and on a TTY-like stream in any case.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { confirm, guarded, type Io } from '../../cli/src/syncCommands';
import { startTestWorkspace, TestWorkspace } from '../local-workspace/helpers';

const BIN = path.resolve('bin/zenml-projects.js');
const hasScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
/** What `printable` makes of a control character: the text `\x1b`, `\x7f`, `\x0d`. */
const ESCAPED_CONTROL = /\\x[0-9a-f]{2}/;
let ws: TestWorkspace;
let dir: string;

before(async () => {
  ws = await startTestWorkspace({ seed: 'demo' });
  dir = mkdtempSync(path.join(tmpdir(), 'zp-prompt-'));
});
after(async () => {
  await ws.stop();
  rmSync(dir, { recursive: true, force: true });
});

const quoted = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs the CLI on a pseudo-terminal; once `prompt` shows, types `keys`. All the terminal showed, and the exit code. */
function onTerminal(args: string[], prompt: string, keys: string): Promise<{ code: number | null; shown: string }> {
  return new Promise((resolve) => {
    const command = [process.execPath, BIN, ...args].map(quoted).join(' ');
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: dir,
      env: { ...process.env, ZENML_STORE_URL: ws.server.url, ZENML_STORE_API_KEY: ws.server.adminApiKey, ZENML_PRO_API_KEY: ws.server.proApiKey ?? '', TERM: 'xterm' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let shown = '';
    let typed = false;
    const read = (d: Buffer) => {
      shown += d.toString('utf8');
      if (!typed && shown.includes(prompt)) {
        typed = true;
        child.stdin.write(keys);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('close', (code) => resolve({ code, shown }));
  });
}

test('prune asks on the terminal: readline\'s codes act, Backspace erases, nothing shows as an escape', { skip: !hasScript && 'no `script` (util-linux) here' }, async () => {
  // "x", arrow left, arrow right, Backspace, "n", Enter: the answer is "n".
  const r = await onTerminal(['prune', 'fraud-detection'], '[y/N]', 'x\x1b[D\x1b[C\x7fn\r');
  assert.equal(r.code, 1, r.shown);
  assert.match(r.shown, /Delete \d+ unused artifact versions from project fraud-detection\? \[y\/N\]/);
  assert.match(r.shown, /Nothing deleted\./);
  assert.doesNotMatch(r.shown, ESCAPED_CONTROL);
  // readline moved the cursor itself, on the real terminal.
  assert.match(r.shown, /\x1b\[\d*G/);
});

test('apply asks on the terminal the same way; "y" after an erased "n" applies', { skip: !hasScript && 'no `script` (util-linux) here' }, async () => {
  writeFileSync(path.join(dir, 'prompted.yaml'), 'id: prompted\nname: Prompted\ndescription: asked on a terminal\n');
  const no = await onTerminal(['apply', 'prompted.yaml'], '[y/N]', 'n\r');
  assert.equal(no.code, 1, no.shown);
  assert.match(no.shown, /Apply these changes\? \[y\/N\]/);
  assert.match(no.shown, /Nothing applied\./);
  assert.doesNotMatch(no.shown, ESCAPED_CONTROL);
  const yes = await onTerminal(['apply', 'prompted.yaml'], '[y/N]', 'n\x7fy\r');
  assert.equal(yes.code, 0, yes.shown);
  assert.match(yes.shown, /Applied \d+ changes?\./);
  assert.doesNotMatch(yes.shown, ESCAPED_CONTROL);
});

/** A stream that says it is a terminal, as process.stdout does on one. */
function terminalLike(): PassThrough & { isTTY: boolean; columns: number } {
  return Object.assign(new PassThrough(), { isTTY: true, columns: 80 });
}

test('on a TTY-like stream: readline writes its codes raw; the question\'s own control characters are escaped', async () => {
  const out = terminalLike();
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin }) as unknown as NodeJS.ReadStream;
  let written = '';
  out.on('data', (d) => (written += d));
  const io: Io = { out, err: new PassThrough(), stdin, cwd: dir, env: {} };
  const answer = guarded('prompt-test', io, async (safe) => ((await confirm(safe, 'Delete from project \x1b[2Jevil? [y/N] ')) ? 0 : 1));
  setImmediate(() => (stdin as unknown as PassThrough).write('x\x7fy\r'));
  assert.equal(await answer, 0);
  assert.match(written, /Delete from project \\x1b\[2Jevil\? \[y\/N\] /);
  assert.doesNotMatch(written.replaceAll('\\x1b[2J', ''), ESCAPED_CONTROL);
  assert.match(written, /\x1b\[\d*G/);
  assert.doesNotMatch(written, /\x1b\[2J/);
});
