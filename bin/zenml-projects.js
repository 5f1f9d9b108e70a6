#!/usr/bin/env node
// The `zenml-projects` command: the bundled CLI (build it with `npm run build`).
// `zenml-projects language-server --stdio` runs the language server, for editors other than VS Code.
'use strict';
if (process.argv[2] === 'language-server') require('../dist/server.js');
else require('../dist/cli.js');
