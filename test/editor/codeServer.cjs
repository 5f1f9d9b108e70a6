/*
 * The real-editor suites' shared adapter to code-server (the VS Code workbench with a Node
 * extension host, installed by test/editor/install.sh) and to Debian's Chromium via playwright-core.
 * Used by code-server-exec (the extension-host suite) and journey.ts (the UI journey).
 */
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** The pinned version, from the package.json that install.sh installs with `npm ci`. */
const CODE_SERVER_VERSION = require(path.join(__dirname, 'code-server', 'package.json')).dependencies['code-server'];

/** A quiet, reproducible profile: no welcome page, telemetry or update checks, and no auto-save. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  // The fixtures live inside this repository; no prompt to open it.
  'git.openRepositoryInParentFolders': 'never',
  // As in desktop VS Code: the web workbench saves after a delay by default, which would write
  // the suites' in-memory edits into the fixtures.
  'files.autoSave': 'off',
};

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** code-server's entry script; fails with what to run when install.sh has not installed it. */
function codeServerEntry() {
  const cache = process.env.ZENML_PROJECTS_CACHE || path.join(os.homedir(), '.cache', 'zenml-projects');
  const dir = path.join(cache, `code-server-${CODE_SERVER_VERSION}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(path.join(dir, '.installed')) || !fs.existsSync(entry)) {
    throw new Error(`code-server ${CODE_SERVER_VERSION} is not installed in ${dir}; run \`bash test/editor/install.sh\` first.`);
  }
  return entry;
}

function chromiumPath() {
  const p = process.env.CHROMIUM || '/usr/bin/chromium';
  if (!fs.existsSync(p)) throw new Error(`Chromium not found at ${p}; run \`bash test/editor/install.sh\` first.`);
  return p;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function healthy(port) {
  return new Promise((resolve) => {
    http
      .get(`http://127.0.0.1:${port}/healthz`, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      })
      .on('error', () => resolve(false));
  });
}

/**
 * A fresh profile under `root`: user settings, an (existing) extensions folder, and XDG folders,
 * so neither code-server (config.yaml, logs) nor Chromium (crash reports) writes into $HOME.
 */
function makeProfile(root) {
  const userDir = path.join(root, 'user');
  const extensionsDir = path.join(root, 'extensions');
  // code-server's --install-extension fails on a missing extensions folder.
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.mkdirSync(path.join(userDir, 'User'), { recursive: true });
  fs.writeFileSync(path.join(userDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const xdg = { XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'), XDG_DATA_HOME: path.join(root, 'xdg', 'data'), XDG_CACHE_HOME: path.join(root, 'xdg', 'cache') };
  for (const dir of Object.values(xdg)) fs.mkdirSync(dir, { recursive: true });
  return { userDir, extensionsDir, xdg };
}

/** Installs a .vsix into the profile with code-server's CLI; returns the ids it then lists. */
function installExtension(vsix, profile) {
  const entry = codeServerEntry();
  const common = ['--user-data-dir', profile.userDir, '--extensions-dir', profile.extensionsDir];
  const env = { ...process.env, ...profile.xdg };
  const r = spawnSync(process.execPath, [entry, ...common, '--install-extension', vsix], { encoding: 'utf8', timeout: 120_000, env });
  if (r.status !== 0) throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.error}):\n${r.stdout}${r.stderr}`);
  const list = spawnSync(process.execPath, [entry, ...common, '--list-extensions'], { encoding: 'utf8', timeout: 60_000, env });
  return list.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * Starts code-server on a free 127.0.0.1 port with the profile, logging to `logPath`, and waits
 * for /healthz. stop() ends it with everything it started (extension host, language server).
 */
async function startCodeServer({ profile, logPath, env = process.env, timeoutMs = 60_000, locale }) {
  const entry = codeServerEntry();
  const port = await freePort();
  const log = fs.openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      entry,
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', profile.userDir,
      '--extensions-dir', profile.extensionsDir,
      ...(locale ? ['--locale', locale] : []),
    ],
    // Its own process group, so stop() reaches the extension host and the language server too.
    // No extension gallery: it is unreachable offline, and the suites install from disk.
    { stdio: ['ignore', log, log], detached: true, env: { ...env, ...profile.xdg, EXTENSIONS_GALLERY: env.EXTENSIONS_GALLERY ?? '{}' } },
  );
  fs.closeSync(log);
  let exited;
  const exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exited = `code-server exited (${code ?? signal})`))));

  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const signalGroup = (sig) => {
      try {
        process.kill(-child.pid, sig);
      } catch {}
    };
    signalGroup('SIGTERM');
    const killer = setTimeout(() => signalGroup('SIGKILL'), 5000);
    await exit;
    clearTimeout(killer);
  };

  const deadline = Date.now() + timeoutMs;
  while (!(await healthy(port))) {
    if (exited || Date.now() > deadline) {
      await stop();
      throw new Error(`${exited ?? `code-server did not answer /healthz within ${timeoutMs / 1000} s`}; its log:\n${tail(logPath)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, url: `http://127.0.0.1:${port}`, child, exit, stop };
}

/** The last lines of a log file, for failure messages. */
function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Debian's Chromium, headless, with a throwaway profile in `profile`'s folder. */
async function launchChromium(profile, options = {}) {
  const { chromium } = require('playwright-core');
  return chromium.launchPersistentContext(path.join(path.dirname(profile.userDir), 'chromium'), {
    executablePath: chromiumPath(),
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, ...profile.xdg },
    ...options,
  });
}

/** printf-style rendering, as a browser console does it; %c (styling) consumes its argument. */
function format(values) {
  let out = '';
  let rest = values;
  if (typeof values[0] === 'string') {
    let i = 1;
    out = values[0].replace(/%([csdifoOj%])/g, (whole, spec) => {
      if (spec === '%') return '%';
      if (i >= values.length) return whole;
      const v = values[i++];
      if (spec === 'c') return '';
      if (spec === 'd' || spec === 'i') return String(Math.trunc(Number(v)));
      if (spec === 'f') return String(Number(v));
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
    rest = values.slice(i);
  }
  for (const v of rest) out += (out ? ' ' : '') + (typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}

/** Stack frames inside the minified web workbench say nothing useful. */
const WORKBENCH_FRAME = /^\s*at .*\/static\/out\/vs\/.*\.js:\d+:\d+\)?$/;

/**
 * The text of a page console message, or undefined for browser network noise. The workbench logs
 * (the extension host's console included) as ["%c LEVEL", "<css>", message, ...args]: the level is
 * kept when it is not INFO, and the message is formatted with its arguments.
 */
async function consoleText(msg) {
  let values;
  try {
    values = await Promise.all(msg.args().map((a) => a.jsonValue()));
  } catch {
    values = [];
  }
  if (!values.length) {
    const text = msg.text();
    return text.startsWith('Failed to load resource') ? undefined : text;
  }
  let level = '';
  if (typeof values[0] === 'string' && /^%c\s*[A-Z]+$/.test(values[0]) && typeof values[1] === 'string') {
    level = values[0].slice(2).trim();
    values = values.slice(2);
  }
  const text = format(values)
    .split('\n')
    .filter((line) => !WORKBENCH_FRAME.test(line))
    .join('\n');
  return level && level !== 'INFO' ? `[${level}] ${text}` : text;
}

/** Writes the page's console to `write`, in order, one message after the other. Returns a flush(). */
function forwardConsole(page, write) {
  let queue = Promise.resolve();
  page.on('console', (msg) => {
    queue = queue.then(async () => {
      const text = await consoleText(msg);
      if (text !== undefined) write(`${text}\n`);
    });
  });
  return () => queue;
}

module.exports = {
  CODE_SERVER_VERSION,
  codeServerEntry,
  chromiumPath,
  makeProfile,
  installExtension,
  startCodeServer,
  launchChromium,
  consoleText,
  forwardConsole,
  tail,
};
