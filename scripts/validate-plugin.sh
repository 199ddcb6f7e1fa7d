#!/usr/bin/env bash
# Validates the plugin with Claude Code's own checker, offline and without a
# login: the marketplace (.), the plugin manifest with its skills and commands,
# the generated plugin folder (dist/plugin), then the public plugin directory's profile (README, licence, icon, hosts).
#
# The Claude Code version is pinned: unpinned, npx on Node 20 picks the last
# release whose engines allow Node 20 (2.1.197), which has no --profile.
# Override with CLAUDE_CODE_PKG=@anthropic-ai/claude-code@<version>.
set -euo pipefail
cd "$(dirname "$0")/.."

pkg="${CLAUDE_CODE_PKG:-@anthropic-ai/claude-code@2.1.330}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
# Keep npm's cache where it was (the package is ~380 MB), but give Claude Code an empty home.
cache="${npm_config_cache:-$(npm config get cache 2>/dev/null)}"

claude() {
  HOME="$scratch" npm_config_cache="$cache" npm_config_loglevel=error npm_config_engine_strict=false \
    DISABLE_AUTOUPDATER=1 DISABLE_TELEMETRY=1 CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 \
    npx -y -p "$pkg" claude "$@"
}

status=0
run() {
  echo "\$ claude $*"
  if ! claude "$@"; then status=1; fi
  echo
}

run plugin validate --strict .
run plugin validate --strict .claude-plugin/plugin.json
# What the marketplace entry points at and Claude Code installs (built by npm run build).
run plugin validate --strict dist/plugin
run plugin validate --strict --profile directory .

if [ "$status" -ne 0 ]; then
  echo "validate-plugin: FAILED" >&2
else
  echo "validate-plugin: all checks passed"
fi
exit "$status"
