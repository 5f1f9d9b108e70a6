#!/usr/bin/env bash
# The whole test suite, set-up included: `npm run test:all` runs this, and so does CI (.ci/run).
# On a fresh Debian 12 machine (Node 20, root or sudo) it installs what the suites need, then runs:
#   unit + protocol tests (npm test), the typecheck, the extension-host suite in a real VS Code
#   (code-server), the packaged extension's UI journey in Chromium, and the Neovim and Emacs LSP checks.
# Every suite runs even when an earlier one failed; the summary at the end says which failed, and
# the exit status is non-zero if any did, and it repeats what failed (each step's whole output is in
# .test-output/logs/). Screenshots land in .test-output/screenshots/.
set -uo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec </dev/null

results=()
failed=0
total_started=$SECONDS
# Each step's output is kept here too, so that the summary can repeat what failed.
logs=.test-output/logs
rm -rf "$logs"
mkdir -p "$logs"
failed_logs=()

# run NAME COMMAND...: runs one step, timing it and recording PASS/FAIL; returns its status.
run() {
  local name="$1"
  shift
  printf '\n==> %s\n    $ %s\n' "$name" "$*"
  local started=$SECONDS
  local log="$logs/$(printf '%02d' ${#results[@]})-${name%% (*}.log"
  log="${log// /-}"
  "$@" 2>&1 | tee "$log"
  local status=${PIPESTATUS[0]}
  if ((status == 0)); then
    results+=("PASS  $(printf '%4d' $((SECONDS - started))) s  $name")
  else
    results+=("FAIL  $(printf '%4d' $((SECONDS - started))) s  $name")
    failed_logs+=("$name"$'\t'"$log")
    failed=1
    return 1
  fi
}

skip() {
  results+=("SKIP           $1 ($2)")
  failed=1
}

summary() {
  local entry
  for entry in "${failed_logs[@]}"; do
    printf '\n==> What failed in: %s\n' "${entry%%$'\t'*}"
    node test/failureExcerpt.mjs "${entry#*$'\t'}" | sed 's/^/    /'
  done
  printf '\n==> Summary (%d s in all)\n' $((SECONDS - total_started))
  printf '    %s\n' "${results[@]}"
  # The failed tests once more, a line each, where a log read from its end shows them.
  for entry in "${failed_logs[@]}"; do
    printf '\nFailed in %s:\n' "${entry%%$'\t'*}"
    node test/failureExcerpt.mjs --brief "${entry#*$'\t'}" | sed 's/^/    /'
  done
  if ((failed)); then
    printf '\nSome steps failed or did not run; see their output above.\n'
  else
    printf '\nEverything passed. Screenshots: .test-output/screenshots/\n'
  fi
}

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
if [ "$node_major" -lt 20 ]; then
  echo "Node 20 or newer is needed (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 2
fi

# --- set-up --------------------------------------------------------------------------------------
# npm ci on a fresh checkout, in CI, or when the lockfile changed since node_modules was installed.
if [ "${CI:-}" = true ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if ! run 'install npm dependencies' npm ci --no-audit --no-fund; then
    summary
    exit 1
  fi
else
  results+=("OK             npm dependencies already match package-lock.json")
fi

editor_ready=1
run 'install the real-editor tools (Debian packages, code-server)' bash test/editor/install.sh || editor_ready=0

# --- suites --------------------------------------------------------------------------------------
run 'unit and protocol tests (npm test)' npm test
run 'typecheck (every part, with its import boundaries)' npm run typecheck

if ((editor_ready)); then
  run 'extension-host suite in VS Code (code-server)' node --import tsx test/editor/runExtensionTests.ts
  # The journey must judge this run's package, never a leftover one.
  rm -f dist/zenml-projects.vsix
  if run 'package the extension (.vsix)' npm run package; then
    run 'UI journey with the packaged extension (Chromium)' node --import tsx test/editor/journey.ts
  else
    skip 'UI journey with the packaged extension (Chromium)' 'packaging failed'
  fi
  run 'Neovim and Emacs (eglot) LSP checks' node --import tsx test/editor/lsp-clients/run.ts
else
  for s in 'extension-host suite in VS Code (code-server)' 'package the extension (.vsix)' 'UI journey with the packaged extension (Chromium)' 'Neovim and Emacs (eglot) LSP checks'; do
    skip "$s" 'the real-editor tools did not install'
  done
fi

summary
exit "$failed"
