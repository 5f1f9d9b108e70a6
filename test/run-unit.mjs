// Runs every `*.test.ts` under test/ (except the real-editor suites, which need code-server and
// Chromium and run from test/all.sh) with Node's own test runner.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

function find(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (p !== join('test', 'editor')) find(p, out);
    } else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

const only = process.argv.slice(2);
const files = (only.length ? only : find('test')).sort();
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], { stdio: 'inherit' });
if (!only.length) {
  console.log('\nnpm test ran the engine, CLI, protocol and local-workspace suites.');
  console.log('Skipped: the real-editor suites (VS Code in code-server, Playwright in Chromium, Neovim and Emacs),');
  console.log('which need Debian packages and a code-server install; run them with `npm run test:all`.');
}
process.exit(r.status ?? 1);
