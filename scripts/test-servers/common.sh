# shellcheck shell=bash
# Shell code shared by ralph.sh, oidc.sh and slapd.sh: sourced (never run) after `set -euo
# pipefail` and after the script has set
#   SERVER_LABEL     short name: the ">> LABEL:" prefix of messages, and /tmp/thaksa-LABEL.XXXXXX
#                    when start is given no DIR
#   SERVER_PID_FILE  the file in DIR holding the pid of the server started under setsid
#   SERVER_NAME      the server in messages ("stopping Ralph (pid N)")
#   SERVER_A_NAME    the same, for "... already runs from DIR" ("a Ralph server")
# and before it calls `dispatch`. The script defines start (and its install function); stop,
# the command dispatch and the small helpers are here. Messages go to stderr: stdout is kept
# for the `export NAME='value'` lines of start.

say() { echo ">> $SERVER_LABEL: $*" >&2; }

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

running_pid() {
  # The pid in DIR/$SERVER_PID_FILE when that process still runs.
  local dir=$1 pid
  pid=$(cat "$dir/$SERVER_PID_FILE" 2>/dev/null || true)
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    echo "$pid"
  fi
}

prepare_dir() {
  # prepare_dir [DIR]: sets SERVER_DIR to DIR made absolute (created when missing; a new
  # /tmp/thaksa-LABEL.XXXXXX when empty); exits 1 when a server already runs from it.
  local dir=${1:-}
  if [ -z "$dir" ]; then
    dir=$(mktemp -d "/tmp/thaksa-$SERVER_LABEL.XXXXXX")
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  if [ -n "$(running_pid "$dir")" ]; then
    say "$SERVER_A_NAME already runs from $dir (pid $(running_pid "$dir")); stop it first"
    exit 1
  fi
  SERVER_DIR=$dir
}

seconds_since() {
  # seconds_since STARTED: the time since STARTED (from `date +%s.%N`), to 0.01 s.
  python3 -c "import time; print(round(time.time() - $1, 2))"
}

stop() {
  local dir=${1:?usage: ${0##*/} stop DIR} pid
  pid=$(running_pid "$dir")
  if [ -n "$pid" ]; then
    say "stopping $SERVER_NAME (pid $pid)"
    # setsid made the server a process-group leader: end that group, and only it.
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
  fi
  rm -f "$dir/$SERVER_PID_FILE"
}

dispatch() {
  # dispatch INSTALL_FUNCTION START_ARGS [COMMAND [ARG...]]: run start, stop or install.
  local install=$1 start_args=$2
  shift 2
  case "${1:-}" in
    start) shift; start "$@" ;;
    stop) shift; stop "$@" ;;
    install) "$install" ;;
    *) echo "usage: $0 start $start_args | stop DIR | install" >&2; exit 2 ;;
  esac
}
