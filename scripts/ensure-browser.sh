#!/usr/bin/env bash
# The browser tests drive Debian's Chromium. Install it when missing and we are root;
# otherwise say so (the e2e tests then skip with that reason).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo ">> installing Debian's chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium fonts-thai-tlwg >/dev/null
else
  echo ">> chromium is not installed and we are not root: browser tests will be skipped" >&2
fi
