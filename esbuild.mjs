// Bundles every entry point into dist/. `--production` minifies and drops sourcemaps (for the .vsix).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { writeBundle } from './scripts/l10n.mjs';

const production = process.argv.includes('--production');

/**
 * Node programs: the extension (vscode is provided by the host), the language server, the CLI,
 * and the local workspace's reader thread (started by the CLI's `workspace serve`, next to it).
 */
const entries = [
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
  { in: 'server/src/server.ts', out: 'server' },
  { in: 'cli/src/main.ts', out: 'cli' },
  { in: 'local-workspace/src/reader/readerWorker.ts', out: 'workspaceReader' },
];

mkdirSync('dist', { recursive: true });
await Promise.all(
  entries.map((e) =>
    esbuild.build({
      entryPoints: { [e.out]: e.in },
      outdir: 'dist',
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: e.external ?? [],
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
    }),
  ),
);
// The SQLite WebAssembly binary is loaded from next to the bundle at run time.
copyFileSync('node_modules/node-sqlite3-wasm/dist/node-sqlite3-wasm.wasm', 'dist/node-sqlite3-wasm.wasm');
// The localization bundle ships beside the bundles.
await writeBundle();
