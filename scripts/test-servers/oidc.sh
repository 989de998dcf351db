#!/usr/bin/env bash
# A throwaway OpenID Connect provider for the test suite: oidc-provider 9 (npm) under Node,
# the small app in oidc-provider/ beside this script, on http://127.0.0.1:PORT (a free port),
# with a confidential client for the LMS, fixed test accounts and a login form that a test
# posts to (see oidc-provider/server.mjs for the flow and the extra clients).
#
#   dir=$(mktemp -d)
#   eval "$(LMS_TEST_OIDC_REDIRECT_URIS='http://127.0.0.1:5000/auth/oidc/callback' \
#           scripts/test-servers/oidc.sh start "$dir")"
#   # ... LMS_TEST_OIDC_ISSUER, LMS_TEST_OIDC_CLIENT_ID, LMS_TEST_OIDC_CLIENT_SECRET, ...
#   scripts/test-servers/oidc.sh stop "$dir"; rm -rf "$dir"
#
# Knobs, read at start: LMS_TEST_OIDC_CLIENT_ID (thaksa-lms), LMS_TEST_OIDC_REQUIRE_PKCE=1
# (PKCE is otherwise allowed, and checked when sent, but not required),
# LMS_TEST_OIDC_ACCOUNTS_FILE (JSON accounts replacing the built-in ada and grace; format in
# oidc-provider/server.mjs; the USER/PASSWORD exports below then no longer apply).
# Redirect URIs: LMS_TEST_OIDC_REDIRECT_URIS (space-separated), or the arguments after DIR;
# by default http://127.0.0.1:5000/auth/oidc/callback and http://localhost/auth/oidc/callback.
# For an app whose port is known only later: LMS_TEST_OIDC_ANY_LOOPBACK_PORT=1 makes a
# registered http://127.0.0.1/PATH match http://127.0.0.1:ANY-PORT/PATH (RFC 8252 loopback
# rule, clients registered as "native"), or register a client then (POST /reg, open
# dynamic registration). The npm packages go, once, into the cache directory
# (THAKSA_TEST_SERVERS_CACHE), keyed by package-lock.json: nothing is written under scripts/.
# Only `export` lines go to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
APP=$HERE/oidc-provider
CACHE=${THAKSA_TEST_SERVERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thaksa-test-servers}

SERVER_LABEL=oidc SERVER_PID_FILE=oidc.pid SERVER_NAME="the provider" SERVER_A_NAME="a provider"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

modules_dir() {
  echo "$CACHE/oidc-provider-$(sha256sum "$APP/package-lock.json" | cut -c1-12)"
}

check_node() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    say "node and npm are needed (Node.js 20.19 or newer)"; exit 1
  fi
  if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
    say "Node.js $(node --version) is too old: oidc-provider 9 needs 20.19 or newer"; exit 1
  fi
}

install_provider() {
  check_node
  local target
  target=$(modules_dir)
  mkdir -p "$CACHE"
  exec 9>"$CACHE/oidc-provider.lock"
  flock 9
  if [ -f "$target/.thaksa-installed" ] && [ -d "$target/node_modules/oidc-provider" ]; then
    flock -u 9; exec 9>&-
    return
  fi
  say "installing oidc-provider's npm packages into $target"
  rm -rf "$target"
  mkdir -p "$target"
  cp "$APP/package.json" "$APP/package-lock.json" "$target/"
  (cd "$target" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  touch "$target/.thaksa-installed"
  flock -u 9; exec 9>&-
}

start() {
  local dir=${1:-} port secret client_id redirect_uris issuer started
  if [ -n "$dir" ]; then
    shift
  fi
  if [ $# -gt 0 ]; then
    redirect_uris="$*"
  else
    # The second is what the test app (SERVER_NAME localhost) makes with url_for(_external=True).
    redirect_uris=${LMS_TEST_OIDC_REDIRECT_URIS:-http://127.0.0.1:5000/auth/oidc/callback http://localhost/auth/oidc/callback}
  fi
  prepare_dir "$dir"
  dir=$SERVER_DIR
  install_provider
  started=$(date +%s.%N)
  port=$(free_port)
  issuer="http://127.0.0.1:$port"
  secret=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
  client_id=${LMS_TEST_OIDC_CLIENT_ID:-thaksa-lms}
  # The app runs from DIR, its packages seen through a node_modules link into the cache.
  cp "$APP/server.mjs" "$APP/package.json" "$dir/"
  ln -sfn "$(modules_dir)/node_modules" "$dir/node_modules"
  rm -f "$dir/oidc.log"
  (cd "$dir" && exec setsid env OIDC_PORT="$port" OIDC_CLIENT_ID="$client_id" OIDC_CLIENT_SECRET="$secret" \
     OIDC_REDIRECT_URIS="$redirect_uris" OIDC_REQUIRE_PKCE="${LMS_TEST_OIDC_REQUIRE_PKCE:-0}" \
     OIDC_ANY_LOOPBACK_PORT="${LMS_TEST_OIDC_ANY_LOOPBACK_PORT:-0}" \
     OIDC_ACCOUNTS_FILE="${LMS_TEST_OIDC_ACCOUNTS_FILE:-}" \
     NODE_ENV=test node "$dir/server.mjs" </dev/null >"$dir/oidc.log" 2>&1) &
  echo $! >"$dir/oidc.pid"
  local ok=""
  for _ in $(seq 1 300); do
    if [ -z "$(running_pid "$dir")" ]; then
      say "the provider exited during start-up:"; cat "$dir/oidc.log" >&2; exit 1
    fi
    if curl -fsS -o /dev/null "$issuer/.well-known/openid-configuration" 2>/dev/null; then
      ok=yes; break
    fi
    sleep 0.05
  done
  if [ -z "$ok" ]; then
    say "the provider did not answer in 15 s:"; cat "$dir/oidc.log" >&2; stop "$dir"; exit 1
  fi
  say "oidc-provider $(node -p "require('$(modules_dir)/node_modules/oidc-provider/package.json').version") on $issuer (Node $(node --version); up in $(seconds_since "$started") s)"
  echo "export LMS_TEST_OIDC_DIR='$dir'"
  echo "export LMS_TEST_OIDC_ISSUER='$issuer'"
  echo "export LMS_TEST_OIDC_DISCOVERY_URL='$issuer/.well-known/openid-configuration'"
  echo "export LMS_TEST_OIDC_CLIENT_ID='$client_id'"
  echo "export LMS_TEST_OIDC_CLIENT_SECRET='$secret'"
  echo "export LMS_TEST_OIDC_REDIRECT_URIS='$redirect_uris'"
  # Same secret and redirect URIs: an honest second client, and two that issue bad ID tokens.
  echo "export LMS_TEST_OIDC_OTHER_CLIENT_ID='thaksa-other'"
  echo "export LMS_TEST_OIDC_EXPIRED_CLIENT_ID='$client_id-expired'"
  echo "export LMS_TEST_OIDC_WRONG_AUD_CLIENT_ID='$client_id-wrong-aud'"
  # Test accounts (oidc-provider/server.mjs): ada's email is verified, grace's is not.
  echo "export LMS_TEST_OIDC_USER='ada'"
  echo "export LMS_TEST_OIDC_PASSWORD='ada-secret'"
  echo "export LMS_TEST_OIDC_UNVERIFIED_USER='grace'"
  echo "export LMS_TEST_OIDC_UNVERIFIED_PASSWORD='grace-secret'"
}

dispatch install_provider "[DIR [REDIRECT_URI...]]" "$@"
