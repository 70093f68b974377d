#!/usr/bin/env bash
# Installs what the real-editor test needs, and nothing when it is already there:
#   Debian packages (chromium, neovim for test/neovim, and what code-server's native modules build against),
#   code-server 4.100.3 (the newest that runs on Node 20) in .cache/code-server, outside the project's deps.
# Recipe and reasons: CONTRIBUTING.md, "Real-editor tests". Safe to run again; a half-finished
# install is redone because the marker file is written last.
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
dest="$root/.cache/code-server"
marker="$dest/.installed-4.100.3"
version="4.100.3"
packages=(chromium neovim ripgrep libkrb5-dev libxkbfile-dev libsecret-1-dev libx11-dev pkg-config)
summary=()

timed() {
  local label="$1"
  shift
  local start=$SECONDS
  "$@"
  summary+=("$label $((SECONDS - start))s")
}

install_packages() {
  local missing=()
  for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: missing Debian packages: ${missing[*]} (run this script as root, or install them)" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_code_server() {
  [ -f "$marker" ] && return 0
  rm -rf "$dest"
  mkdir -p "$dest"
  cd "$dest"
  echo '{ "name": "cachemount-code-server", "private": true }' >package.json
  # Its install scripts refuse to run as root and download ripgrep from GitHub: run the needed steps by hand.
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error "code-server@$version"
  npm rebuild argon2 --loglevel=error
  local vscode="$dest/node_modules/code-server/lib/vscode"
  (
    cd "$vscode"
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
    npm_config_yes=true npm rebuild kerberos node-pty @parcel/watcher @vscode/spdlog --loglevel=error || true
    test -f node_modules/node-pty/build/Release/pty.node || {
      echo "setup: node-pty did not build" >&2
      exit 1
    }
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    ln -sfn node_modules node_modules.asar
    ln -sfn code-linux.sh bin/remote-cli/code-server
    ln -sfn browser-linux.sh bin/helpers/browser.sh
    cd extensions
    npm install --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
  )
  touch "$marker"
}

timed "apt" install_packages
timed "code-server" install_code_server
echo "setup: ready (${summary[*]})"
