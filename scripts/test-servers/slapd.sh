#!/usr/bin/env bash
# A throwaway OpenLDAP directory for the test suite: Debian's slapd run by hand (no init
# script, no system configuration), with its config (slapd.conf) and its mdb database under
# DIR, listening on ldap://127.0.0.1:PORT (a free port), loaded with ldap/*.ldif beside this
# script: base dc=thaksa,dc=test, two people in ou=people, cn=lms-admins and groups nested
# around it (30-groups.ldif) in ou=groups.
#
#   dir=$(mktemp -d); eval "$(scripts/test-servers/slapd.sh start "$dir")"
#   # ... LMS_TEST_LDAP_URL, LMS_TEST_LDAP_BASE_DN, LMS_TEST_LDAP_BIND_DN, ... are exported
#   scripts/test-servers/slapd.sh stop "$dir"; rm -rf "$dir"
#
# Installs Debian's slapd and ldap-utils when missing and we are root, without letting the
# package configure or start the system daemon (nothing is left on port 389). The server
# runs as whoever calls this script, so an unprivileged user can run it once it is installed.
# Only `export` lines go to stdout.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LDIF_DIR=$HERE/ldap
BASE_DN=dc=thaksa,dc=test
SLAPD=/usr/sbin/slapd
SLAPTEST=/usr/sbin/slaptest  # /usr/sbin: not on an unprivileged user's PATH
SLAPPASSWD=/usr/sbin/slappasswd
SCHEMA_DIR=/etc/ldap/schema
MODULE_DIR=/usr/lib/ldap

SERVER_LABEL=slapd SERVER_PID_FILE=slapd.pid.launcher SERVER_NAME=slapd SERVER_A_NAME="a slapd"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/common.sh"

installed() {
  [ -x "$SLAPD" ] && [ -x "$SLAPTEST" ] && [ -x "$SLAPPASSWD" ] && [ -f "$SCHEMA_DIR/inetorgperson.schema" ] \
    && command -v ldapsearch >/dev/null 2>&1 && command -v ldapadd >/dev/null 2>&1
}

install_slapd() {
  if installed; then
    return
  fi
  if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    say "slapd/ldap-utils are not installed and we cannot install them (not root, or no apt-get)"
    exit 1
  fi
  local lock=/tmp/thaksa-test-servers-apt.lock made_policy=""
  exec 9>"$lock"
  flock 9
  if installed; then flock -u 9; exec 9>&-; return; fi
  say "installing Debian's slapd and ldap-utils"
  export DEBIAN_FRONTEND=noninteractive
  # No system directory (we run our own) and no daemon started by the package: the preseed
  # skips the postinst's configuration, policy-rc.d (exit 101) forbids starting services.
  echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    made_policy=yes
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slapd ldap-utils >/dev/null \
    || { [ -z "$made_policy" ] || rm -f /usr/sbin/policy-rc.d; exit 1; }
  if [ -n "$made_policy" ]; then
    rm -f /usr/sbin/policy-rc.d
  fi
  # Should a system slapd have started anyway, stop it and keep it from starting at boot.
  if [ -f /run/slapd/slapd.pid ] && kill -0 "$(cat /run/slapd/slapd.pid)" 2>/dev/null; then
    say "stopping the system slapd the package started"
    kill -TERM "$(cat /run/slapd/slapd.pid)" || true
  fi
  if command -v update-rc.d >/dev/null 2>&1; then
    update-rc.d slapd disable >/dev/null 2>&1 || true
  fi
  flock -u 9; exec 9>&-
}

start() {
  local dir port admin_pw admin_hash url started
  prepare_dir "${1:-}"
  dir=$SERVER_DIR
  install_slapd
  started=$(date +%s.%N)
  port=$(free_port)
  url="ldap://127.0.0.1:$port"
  admin_pw=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
  admin_hash=$("$SLAPPASSWD" -h '{SSHA}' -s "$admin_pw")
  rm -rf "$dir/data" "$dir/slapd.log" "$dir/slapd.pid" "$dir/slapd.args"
  mkdir -p "$dir/data"
  cat >"$dir/slapd.conf" <<EOF
# Throwaway test directory, written by scripts/test-servers/slapd.sh
include         $SCHEMA_DIR/core.schema
include         $SCHEMA_DIR/cosine.schema
include         $SCHEMA_DIR/nis.schema
include         $SCHEMA_DIR/inetorgperson.schema

pidfile         $dir/slapd.pid
argsfile        $dir/slapd.args
modulepath      $MODULE_DIR
moduleload      back_mdb
moduleload      memberof
sizelimit       500

database        mdb
maxsize         67108864
suffix          "$BASE_DN"
rootdn          "cn=admin,$BASE_DN"
rootpw          $admin_hash
directory       $dir/data
index           objectClass eq
index           uid,mail,cn eq,sub
index           member,memberOf eq

# memberOf on people, kept by the server as groups change (loaded with ldapadd, not slapadd,
# so that the overlay sees the groups).
overlay         memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint TRUE

access to attrs=userPassword
        by self =xw
        by anonymous auth
        by * none
access to *
        by users read
        by * none
EOF
  "$SLAPTEST" -Q -u -f "$dir/slapd.conf" >&2 || { say "slapd.conf does not check out"; exit 1; }
  # -d stats keeps slapd in the foreground, logging connections and operations to slapd.log.
  (exec setsid "$SLAPD" -f "$dir/slapd.conf" -h "$url/" -d stats </dev/null >"$dir/slapd.log" 2>&1) &
  echo $! >"$dir/slapd.pid.launcher"
  local ok=""
  for _ in $(seq 1 200); do
    if ! kill -0 "$(cat "$dir/slapd.pid.launcher")" 2>/dev/null; then
      say "slapd exited during start-up:"; tail -n 30 "$dir/slapd.log" >&2; exit 1
    fi
    if ldapsearch -x -H "$url" -b "" -s base -LLL namingContexts >/dev/null 2>&1; then
      ok=yes; break
    fi
    sleep 0.05
  done
  if [ -z "$ok" ]; then
    say "slapd did not answer in 10 s:"; tail -n 30 "$dir/slapd.log" >&2; stop "$dir"; exit 1
  fi
  local ldif
  for ldif in "$LDIF_DIR"/*.ldif; do
    ldapadd -x -H "$url" -D "cn=admin,$BASE_DN" -w "$admin_pw" -f "$ldif" >>"$dir/ldapadd.log" 2>&1 \
      || { say "loading $ldif failed:"; cat "$dir/ldapadd.log" >&2; stop "$dir"; exit 1; }
  done
  say "slapd $("$SLAPD" -VV 2>&1 | sed -n 's/.*slapd \([0-9.+a-z~-]*\).*/\1/p' | head -n 1) on $url ($BASE_DN from $LDIF_DIR; up in $(seconds_since "$started") s)"
  echo "export LMS_TEST_LDAP_DIR='$dir'"
  echo "export LMS_TEST_LDAP_URL='$url'"
  echo "export LMS_TEST_LDAP_BASE_DN='$BASE_DN'"
  echo "export LMS_TEST_LDAP_PEOPLE_DN='ou=people,$BASE_DN'"
  echo "export LMS_TEST_LDAP_GROUPS_DN='ou=groups,$BASE_DN'"
  echo "export LMS_TEST_LDAP_ADMINS_GROUP_DN='cn=lms-admins,ou=groups,$BASE_DN'"
  # The read-only service account an application binds as to search for people (ldap/*.ldif).
  echo "export LMS_TEST_LDAP_BIND_DN='cn=lms-service,$BASE_DN'"
  echo "export LMS_TEST_LDAP_BIND_PASSWORD='service-secret'"
  # The directory's rootdn, for tests that change entries (made for this run).
  echo "export LMS_TEST_LDAP_ADMIN_DN='cn=admin,$BASE_DN'"
  echo "export LMS_TEST_LDAP_ADMIN_PASSWORD='$admin_pw'"
}

dispatch install_slapd "[DIR]" "$@"
