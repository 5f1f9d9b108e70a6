#!/usr/bin/env bash
# The main job, from a fresh clone: install the dependencies, build, and validate the example
# project files with the CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
npm run build
node bin/zenml-projects.js validate examples "$@"
