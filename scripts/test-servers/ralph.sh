#!/usr/bin/env bash
# A throwaway Ralph Learning Record Store (xAPI 1.0.3) for the test suite: on loopback, on a
# free port, storing statements in flat files ("fs" backend, no database server) under DIR,
# with HTTP Basic credentials made for this run.
#
#   dir=$(mktemp -d); eval "$(scripts/test-servers/ralph.sh start "$dir")"
#   # ... LMS_TEST_LRS_URL, LMS_TEST_LRS_USERNAME, LMS_TEST_LRS_PASSWORD are exported
#   scripts/test-servers/ralph.sh stop "$dir"; rm -rf "$dir"
#
# Ralph (PyPI `ralph-malph`) goes into a virtualenv of its own under the cache directory
# (never the project's .venv: it pins fastapi, uvicorn, pydantic ... of its own), made once
# and reused: set THAKSA_TEST_SERVERS_CACHE to move it. Only `export` lines go to stdout.
#
# What Ralph 5.1.0 with the fs backend does that a test must know (seen here):
# - POST /xAPI/statements: 200 with the ids; the same id again with the same body: 204 and
#   nothing stored twice; the same id with a different body: 409. PUT ?statementId=: 204.
# - GET ?statementId=ID answers {"statements": [...]}, not the bare statement.
# - `since`/`until` compare with each statement's `timestamp` (set by the sender, or by Ralph
#   to the time stored when absent), not with `stored`; default order is oldest first and
#   ascending=true gives newest first (the reverse of xAPI); `more` links carry search_after.
# - An actor mbox in a special-use domain (mailto:x@host.test, .localhost, .invalid) is
#   refused with 422: use example.org addresses. X-Experience-API-Version is not enforced and
#   not sent back; there is no /xAPI/about.
set -euo pipefail

RALPH_VERSION=5.1.0
# `requests` too: Ralph's OIDC auth module imports it at start-up, whatever the auth backend,
# but only its `backend-ldp` extra asks for it (ModuleNotFoundError without it).
RALPH_SPEC="ralph-malph[cli,lrs]==$RALPH_VERSION requests>=2.31"
CACHE=${THAKSA_TEST_SERVERS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/thaksa-test-servers}
VENV=$CACHE/ralph-$RALPH_VERSION-venv
PYTHON=${RALPH_PYTHON:-python3}

SERVER_LABEL=ralph SERVER_PID_FILE=ralph.pid SERVER_NAME=Ralph SERVER_A_NAME="a Ralph server"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

install_ralph() {
  mkdir -p "$CACHE"
  # One installer at a time (two test runs may start together); the others wait, then reuse.
  exec 9>"$CACHE/ralph.lock"
  flock 9
  # Reuse the venv when it was made for this spec and its Python still runs (a venv breaks
  # when the interpreter it was made from goes away).
  if [ -x "$VENV/bin/ralph" ] && [ "$(cat "$VENV/.thaksa-installed" 2>/dev/null)" = "$RALPH_SPEC" ] \
     && "$VENV/bin/python" -c '' 2>/dev/null; then
    flock -u 9; exec 9>&-
    return
  fi
  say "installing $RALPH_SPEC into $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  # shellcheck disable=SC2086  # two requirement specs, split on purpose
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check $RALPH_SPEC >&2
  echo "$RALPH_SPEC" >"$VENV/.thaksa-installed"
  flock -u 9; exec 9>&-
}

start() {
  local dir port user password started
  prepare_dir "${1:-}"
  dir=$SERVER_DIR
  install_ralph
  started=$(date +%s.%N)
  port=$(free_port)
  user=thaksa-test
  password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  mkdir -p "$dir/data" "$dir/app"
  rm -f "$dir/auth.json" "$dir/ralph.log"
  # Ralph's settings come from RALPH_* variables and from a `.env` file in the working
  # directory: run from DIR (no .env there) with only our own RALPH_* settings.
  local -a ralph_env=(
    RALPH_APP_DIR="$dir/app"
    RALPH_AUTH_FILE="$dir/auth.json"
    RALPH_RUNSERVER_BACKEND=fs
    RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH="$dir/data"
    RALPH_EXECUTION_ENVIRONMENT=test
  )
  (cd "$dir" && env "${ralph_env[@]}" "$VENV/bin/ralph" auth -u "$user" -p "$password" -s all \
     -M mailto:lrs-test@thaksa.example.org -N "Thaksa test suite" -w >>"$dir/ralph.log" 2>&1) \
    || { cat "$dir/ralph.log" >&2; exit 1; }
  # uvicorn from Python rather than `ralph runserver`: the same app and settings, but one
  # process (runserver adds an auto-reload supervisor watching the working directory), and
  # room for one fix. Ralph 5.1.0's fs LRS backend writes with operation type CREATE, so the
  # first statement creates data/fs_lrs.jsonl and every later write fails with HTTP 500
  # ("already exists and overwrite is not allowed"). Make it append: the API has already
  # checked the ids against the stored statements (duplicate id, same body: 204; differing
  # body: 409) before it writes.
  cat >"$dir/run_ralph.py" <<'PY'
import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), server_header=False)
PY
  (cd "$dir" && exec setsid env "${ralph_env[@]}" "$VENV/bin/python" "$dir/run_ralph.py" "$port" \
     </dev/null >>"$dir/ralph.log" 2>&1) &
  echo $! >"$dir/ralph.pid"
  for _ in $(seq 1 300); do
    if [ -z "$(running_pid "$dir")" ]; then
      say "Ralph exited during start-up:"; cat "$dir/ralph.log" >&2; exit 1
    fi
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/__lbheartbeat__" 2>/dev/null \
       && curl -fsS -o /dev/null -u "$user:$password" "http://127.0.0.1:$port/whoami" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  if ! curl -fsS -o /dev/null -u "$user:$password" "http://127.0.0.1:$port/whoami"; then
    say "Ralph did not answer in 30 s:"; cat "$dir/ralph.log" >&2; stop "$dir"; exit 1
  fi
  say "Ralph $RALPH_VERSION LRS on http://127.0.0.1:$port (fs backend in $dir/data; up in $(seconds_since "$started") s)"
  echo "export LMS_TEST_LRS_DIR='$dir'"
  echo "export LMS_TEST_LRS_URL='http://127.0.0.1:$port/xAPI/'"
  echo "export LMS_TEST_LRS_USERNAME='$user'"
  echo "export LMS_TEST_LRS_PASSWORD='$password'"
}

dispatch install_ralph "[DIR]" "$@"
