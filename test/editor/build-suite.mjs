// Bundles the extension-host test suite (test/editor/suite/index.ts and the tests it loads) into
// test/editor/out/suite/index.js, the module VS Code's extension host loads as extensionTestsPath.
// `vscode` is provided by the host; mocha is loaded from the repository's node_modules at run time.
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const suiteBundle = join(here, 'out', 'suite', 'index.js');

await esbuild.build({
  entryPoints: [join(here, 'suite', 'index.ts')],
  outfile: suiteBundle,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'mocha'],
  sourcemap: 'inline',
  logLevel: 'warning',
});
