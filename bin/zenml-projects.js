#!/usr/bin/env node
// The `zenml-projects` command: the bundled CLI (build it with `npm run build`).
// `zenml-projects language-server --stdio` runs the language server, for editors other than VS Code.
'use strict';
const transport = (a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket=') || a.startsWith('--pipe=');
if (process.argv[2] === 'language-server' && process.argv.slice(3).some(transport)) require('../dist/server.js');
else if (process.argv[2] === 'language-server') {
  // Without a transport the server would stop with a stack trace: say how to start it instead.
  const help = process.argv.slice(3).some((a) => a === '--help' || a === '-h');
  (help ? process.stdout : process.stderr).write(
    'Usage: zenml-projects language-server --stdio\n\n' +
      'Runs the language server for project.yaml over the Language Server Protocol, for editors other than\n' +
      'VS Code (also --node-ipc, --socket=PORT or --pipe=NAME). Attach it to project.yaml / project.yml\n' +
      'buffers, your project-file globs and .zen/config.yaml.\n',
  );
  process.exitCode = help ? 0 : 64; // common/exitCodes.ts: usage
} else require('../dist/cli.js');
