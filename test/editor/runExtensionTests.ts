/**
 * Runs the extension-host test suite (test/editor/suite) in a real VS Code through the standard
 * @vscode/test-electron API. VS Code cannot be downloaded here, so the "executable" is
 * test/editor/code-server-exec, which runs the suite in code-server driven by Chromium.
 *
 *   node --import tsx test/editor/runExtensionTests.ts
 *
 * Needs `bash test/editor/install.sh` once. Builds the extension (dist/) and the suite bundle first.
 * Runs twice: in English, then in the qps-ploc pseudo locale (suite/pseudoLocale.test.ts alone).
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
// @ts-expect-error: a plain .mjs build script, without types
import { writePseudoBundles } from '../../scripts/l10n.mjs';

const here = __dirname;
const repoRoot = path.resolve(here, '..', '..');

function build(what: string, script: string): void {
  const r = spawnSync(process.execPath, [script], { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`building ${what} failed (node ${script} exited with ${r.status ?? r.signal})`);
}

async function main(): Promise<number> {
  const started = Date.now();
  build('the extension', 'esbuild.mjs');
  build('the extension-host suite', path.join(here, 'build-suite.mjs'));
  const suite = {
    vscodeExecutablePath: path.join(here, 'code-server-exec'),
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(here, 'out', 'suite', 'index.js'),
    launchArgs: [path.join(repoRoot, 'test', 'fixtures', 'editor-workspace')],
  };
  // While working on one test: EDITOR_TEST_GREP=<part of its title> runs only the tests whose
  // titles match, in English only.
  const grep = process.env.EDITOR_TEST_GREP;
  let failed = false;
  try {
    await runTests(grep ? { ...suite, extensionTestsEnv: { EDITOR_TEST_GREP: grep } } : suite);
  } catch (e) {
    console.error(`Extension-host suite failed: ${e instanceof Error ? e.message : String(e)}`);
    failed = true;
  }
  if (grep) return failed ? 1 : 0;
  // Once more in the pseudo locale, with the pseudo bundles beside the real ones for that run only.
  const pseudo = await writePseudoBundles(repoRoot);
  try {
    await runTests({ ...suite, extensionTestsEnv: { EDITOR_TEST_LOCALE: 'qps-ploc' } });
  } catch (e) {
    console.error(`Extension-host suite in the pseudo locale (qps-ploc) failed: ${e instanceof Error ? e.message : String(e)}`);
    failed = true;
  } finally {
    for (const f of pseudo) rmSync(f, { force: true });
  }
  if (failed) return 1;
  console.log(`Extension-host suite passed in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(2);
  },
);
