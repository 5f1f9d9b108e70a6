#!/usr/bin/env bash
# Installs everything the real-editor suites need, on Debian 12, and only what is missing:
#   - Debian packages: chromium (Playwright drives it), ripgrep (code-server's search, offline),
#     libkrb5-dev (code-server's `kerberos` native module), neovim and emacs-nox + elpa-eglot
#     (the other LSP clients),
#     and a C++ toolchain + python3 for code-server's native modules;
#   - code-server (the real VS Code workbench with a Node extension host), pinned by
#     test/editor/code-server/package-lock.json, into its own cached folder:
#     ${ZENML_PROJECTS_CACHE:-$HOME/.cache/zenml-projects}/code-server-<version>.
# Safe to run again: a finished code-server install leaves a marker naming its lockfile's hash,
# and is only redone when the marker is missing or the lockfile changed.
# Prints the code-server folder as its last line.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spec_dir="$here/code-server"
version="$(node -p "require('$spec_dir/package.json').dependencies['code-server']")"
cache="${ZENML_PROJECTS_CACHE:-$HOME/.cache/zenml-projects}"
dest="$cache/code-server-$version"
marker="$dest/.installed"

log() { printf '[editor-install] %s\n' "$*" >&2; }
die() { printf '[editor-install] error: %s\n' "$*" >&2; exit 1; }

# --- Debian packages ---------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
command -v emacs >/dev/null 2>&1 || missing+=(emacs-nox)
dpkg-query -W -f='${Status}' elpa-eglot 2>/dev/null | grep -q 'install ok installed' || missing+=(elpa-eglot)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1 || missing+=(build-essential)
command -v python3 >/dev/null 2>&1 || missing+=(python3)

if ((${#missing[@]})); then
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and apt-get is not available; install them with your package manager, then run this again."
  sudo=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing ${missing[*]}; run this script as root (or install sudo) so it can apt-get install them."
    sudo=(sudo)
  fi
  log "installing Debian packages: ${missing[*]}"
  started=$SECONDS
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  log "Debian packages installed in $((SECONDS - started)) s"
else
  log "Debian packages already present (chromium, ripgrep, neovim, emacs + eglot, libkrb5-dev, toolchain)"
fi

# --- code-server ---------------------------------------------------------------------------------
lock_hash="$(sha256sum "$spec_dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$marker" ] && [ "$(cat "$marker")" = "$lock_hash" ]; then
  log "code-server $version already installed in $dest"
  echo "$dest"
  exit 0
fi

log "installing code-server $version into $dest (native modules build from source: takes a minute or two)"
started=$SECONDS
rm -rf "$dest"
mkdir -p "$dest"
cp "$spec_dir/package.json" "$spec_dir/package-lock.json" "$dest/"

# A private temporary folder: @vscode/ripgrep looks for its download in $TMPDIR first.
tmp="$dest/.tmp"
mkdir -p "$tmp"
export TMPDIR="$tmp"
# code-server's install script refuses to run as root without this.
export npm_config_unsafe_perm=true
# node-pty's build runs `npx node-gyp`, which must not stop to ask (root's npmrc may say yes=false).
export npm_config_yes=true
# Dependency install scripts are the point of this install (native modules, code-server's own
# `npm install` of VS Code's server dependencies); a strict allowScripts setting must not skip them.
export npm_config_strict_allow_scripts=false
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
# node-gyp downloads Node's headers unless told where they are; the system Node ships them.
headers_version() {
  awk '/define NODE_(MAJOR|MINOR|PATCH)_VERSION/ {v = v (v ? "." : "") $3} END {print v}' /usr/include/node/node_version.h 2>/dev/null
}
if [ -z "${npm_config_nodedir:-}" ] && [ "$(npm config get nodedir)" = undefined ] && [ "$(headers_version)" = "$(node -p process.versions.node)" ]; then
  export npm_config_nodedir=/usr
fi

cd "$dest"
# Fetch the pinned tree first without running anything, so the ripgrep stand-in can be matched to
# the exact @vscode/ripgrep version VS Code pins, then run every install script.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2

shrinkwrap="$dest/node_modules/code-server/lib/vscode/npm-shrinkwrap.json"
rg_version="$(node -p "require('$shrinkwrap').packages['node_modules/@vscode/ripgrep'].version")"
# The release tag @vscode/ripgrep downloads from GitHub (see its lib/postinstall.js), which is not
# reachable here. Known per pinned version; a code-server bump with a new ripgrep needs a new line.
case "$rg_version" in
  1.15.11 | 1.15.10 | 1.15.9) rg_tag=v13.0.0-10 ;;
  *) die "code-server $version pins @vscode/ripgrep $rg_version, whose download tag this script does not know; add it to the case list in $0 (read VERSION in that package's lib/postinstall.js)." ;;
esac
case "$(uname -m)" in
  x86_64) rg_target=x86_64-unknown-linux-musl ;;
  aarch64) rg_target=aarch64-unknown-linux-musl ;;
  *) die "no ripgrep stand-in for machine type $(uname -m)" ;;
esac
rg_cache="$tmp/vscode-ripgrep-cache-$rg_version"
mkdir -p "$rg_cache/pkg"
cp "$(command -v rg)" "$rg_cache/pkg/rg"
tar -czf "$rg_cache/ripgrep-$rg_tag-$rg_target.tar.gz" -C "$rg_cache/pkg" rg
rm -rf "$rg_cache/pkg"

npm rebuild --foreground-scripts --loglevel=error >&2 || die "code-server's install scripts failed (see above). They build native modules with python3, make and g++, and need libkrb5-dev; rerun this script after fixing the cause."

# The install scripts must really have run: check what they produce.
vscode_dir="$dest/node_modules/code-server/lib/vscode"
for f in \
  "$dest/node_modules/argon2/lib/binding/napi-v3/argon2.node" \
  "$vscode_dir/node_modules/node-pty/build/Release/pty.node" \
  "$vscode_dir/node_modules/kerberos/build/Release/kerberos.node" \
  "$vscode_dir/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
  "$vscode_dir/node_modules/@vscode/ripgrep/bin/rg" \
  "$vscode_dir/node_modules.asar"; do
  [ -e "$f" ] || die "code-server's install is incomplete: $f is missing (an install script did not run); delete $dest and run this script again."
done

# It must start and answer: a short smoke run on a free port with throwaway profile folders.
smoke="$(mktemp -d)"
port="$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
# XDG folders inside the throwaway folder: code-server otherwise writes a config.yaml into $HOME.
XDG_CONFIG_HOME="$smoke/config" XDG_DATA_HOME="$smoke/data" \
  node "$dest/node_modules/code-server/out/node/entry.js" --auth none --bind-addr "127.0.0.1:$port" \
  --disable-telemetry --disable-update-check --user-data-dir "$smoke/user" --extensions-dir "$smoke/ext" \
  >"$smoke/log" 2>&1 &
pid=$!
ok=
for _ in $(seq 1 120); do
  if node -e "require('http').get('http://127.0.0.1:$port/healthz',r=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))"; then ok=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.5
done
kill "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
if [ -z "$ok" ]; then
  cat "$smoke/log" >&2
  rm -rf "$smoke"
  die "code-server was installed but did not answer /healthz within 60 s (its log is above)."
fi
rm -rf "$smoke" "$tmp"

echo "$lock_hash" >"$marker.tmp" && mv "$marker.tmp" "$marker"
log "code-server $version installed and verified in $((SECONDS - started)) s"
echo "$dest"
