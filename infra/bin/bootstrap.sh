#!/usr/bin/env bash
# Runs a command on Node.js 24 with the workspace's npm dependencies installed.
#
# Orderflow targets Node 24 LTS; machines may carry an older Node (or none that fits). The
# official Node 24 binary is published on the npm registry as node-<os>-<arch>, so npm alone can
# fetch it: no download from anywhere else, no install script to approve.
# Everything lands under .orderflow/ (git-ignored); a second run only compares two hashes.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
orderflow_home="${ORDERFLOW_HOME:-$repo_root/.orderflow}"
node_version="$(tr -d ' \n\r' < "$repo_root/.node-version")"
node_major="${node_version%%.*}"
toolchain_dir="$orderflow_home/toolchain/node-$node_version"

fail() {
  echo "orderflow bootstrap: $1" >&2
  echo "  what to do: $2" >&2
  exit 1
}

node_major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

resolve_node_bin_dir() {
  if command -v node >/dev/null 2>&1 && [ "$(node_major_of node)" = "$node_major" ]; then
    dirname "$(command -v node)"
    return
  fi
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;; Darwin) os=darwin ;;
    *) fail "unsupported OS $(uname -s)" "install Node.js $node_major yourself and put it first on PATH" ;;
  esac
  case "$(uname -m)" in
    x86_64|amd64) arch=x64 ;; aarch64|arm64) arch=arm64 ;;
    *) fail "unsupported CPU $(uname -m)" "install Node.js $node_major yourself and put it first on PATH" ;;
  esac
  local package="node-$os-$arch@$node_version"
  if [ ! -x "$toolchain_dir/node_modules/node-$os-$arch/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || fail "npm is not installed" "install Node.js with npm (any version), then rerun"
    echo "orderflow bootstrap: installing Node.js $node_version ($package from the npm registry)" >&2
    mkdir -p "$toolchain_dir"
    npm install --prefix "$toolchain_dir" --no-save --no-audit --no-fund --loglevel=error "$package" >&2 \
      || fail "could not install $package" "check access to the npm registry (npm config get registry), then rerun"
  fi
  echo "$toolchain_dir/node_modules/node-$os-$arch/bin"
}

ensure_workspace_dependencies() {
  # npm keeps node_modules/.package-lock.json in step with what it installed: newer than the
  # lockfile means the tree is current (also right after a developer's own `npm install`).
  local lock="$repo_root/package-lock.json" installed="$repo_root/node_modules/.package-lock.json"
  if [ -f "$installed" ] && [ ! "$lock" -nt "$installed" ]; then
    return
  fi
  echo "orderflow bootstrap: installing npm dependencies (npm ci)" >&2
  (cd "$repo_root" && npm ci --no-audit --no-fund --loglevel=error >&2) \
    || fail "npm ci failed" "read the npm error above; check access to the npm registry, then rerun"
}

node_bin_dir="$(resolve_node_bin_dir)"
# KafkaJS 2.2.4 (maintenance mode) arms a timer with a negative delay when its request queue is
# idle; Node 24 warns on every such timer. The delay is clamped to 1 ms, so the warning is noise.
export TURBO_TELEMETRY_DISABLED=1
export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--disable-warning=TimeoutNegativeWarning"
export PATH="$repo_root/node_modules/.bin:$node_bin_dir:$PATH"
ensure_workspace_dependencies
cd "$repo_root"
exec "$@"
