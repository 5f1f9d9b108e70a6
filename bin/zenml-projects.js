#!/usr/bin/env node
// The `zenml-projects` command: the bundled CLI (build it with `npm run build`).
'use strict';
require('../dist/cli.js');
