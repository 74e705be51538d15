#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need when missing, starts
# real servers on loopback, runs `dotnet test` on the solution and prints, as the very
# last line, "N passed, N failed" (summed from the TRX files).
#
# Expects: Debian 12, root (or sudo), .NET 10 SDK, node 20 and npm.
#
# Environment:
#   ORDERLY_TEST_PG_PORT    PostgreSQL port (default 15432; when unset and 15432 is busy,
#                           the next free port is used; when set, it must be free).
#   ORDERLY_TEST_SMTP_PORT  SMTP sink port (default 12525; when unset and 12525 is busy,
#                           the next free port is used; when set, it must be free).
#   ORDERLY_TEST_DRY_RUN=1  do everything except `dotnet test` (installs, starts and checks
#                           the servers, installs the npm fixtures, prints the exported
#                           variables), then stop the servers and exit.
# Extra arguments are passed to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Smtp".
#
# Exported to the tests:
#   ORDERLY_TEST_POSTGRES (an Npgsql connection string for the superuser "postgres" on the
#   "postgres" database of a throwaway cluster: the tests create their own databases),
#   ORDERLY_TEST_SMTP_HOST, ORDERLY_TEST_SMTP_PORT, ORDERLY_TEST_MAILDIR,
#   ORDERLY_TEST_NODE_FIXTURES, ORDERLY_TEST_REQUIRE_SERVICES=1 (fail, not skip, when a
#   server is missing).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT="$PWD"
SERVICES_DIR="$ROOT/.test-services"
LOG_DIR="$SERVICES_DIR/logs"
RESULTS_DIR="$ROOT/TestResults"
NODE_FIXTURES="$ROOT/tests/fixtures/node"
# Debian's python (the one python3-* packages install into), not whatever is first on PATH.
SYS_PYTHON=/usr/bin/python3

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

log() { printf '==> %s\n' "$*"; }
die() {
  printf 'test.sh: error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------------------------------
# Process bookkeeping: every server this script starts is recorded here and stopped by
# PID in cleanup (never by name). A server may name its own stop function (called with
# name and pid); the default is stop_pid. Temporary paths are removed after the servers
# have stopped.
# ---------------------------------------------------------------------------------------
STARTED_PIDS=()
STARTED_NAMES=()
STARTED_STOPPERS=()
CLEANUP_PATHS=()

track_pid() { # name pid [stop-function]
  STARTED_NAMES+=("$1")
  STARTED_PIDS+=("$2")
  STARTED_STOPPERS+=("${3:-stop_pid}")
}

stop_pid() { # name pid
  local name="$1" pid="$2" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    printf 'test.sh: %s (pid %s) ignored SIGTERM; killing it\n' "$name" "$pid" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# Idempotent: stops (in reverse start order) what is still running and forgets it, then
# removes the temporary paths.
cleanup() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    "${STARTED_STOPPERS[i]}" "${STARTED_NAMES[i]}" "${STARTED_PIDS[i]}"
  done
  STARTED_PIDS=()
  STARTED_NAMES=()
  STARTED_STOPPERS=()
  if ((${#CLEANUP_PATHS[@]} > 0)); then
    rm -rf -- "${CLEANUP_PATHS[@]}"
  fi
  CLEANUP_PATHS=()
}
# Whatever happens, the last line is a summary: a failure before the tests ran counts as one.
SUMMARY_PRINTED=0
on_exit() {
  local rc=$?
  cleanup
  if ((SUMMARY_PRINTED == 0)); then
    echo "0 passed, 1 failed"
  fi
  exit "$rc"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------
port_in_use() { # port
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Prints the port to use: the requested one when set (it must be free), else the first
# free port from the default upwards.
choose_port() { # env-var-name default
  local var="$1" default="$2" requested port
  requested="${!var:-}"
  if [[ -n "$requested" ]]; then
    [[ "$requested" =~ ^[0-9]+$ ]] || die "$var='$requested' is not a port number"
    if port_in_use "$requested"; then
      die "$var=$requested is already in use on 127.0.0.1; free it or choose another port"
    fi
    printf '%s\n' "$requested"
    return 0
  fi
  for ((port = default; port < default + 50; port++)); do
    if ! port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  die "no free port in $default..$((default + 49)) for $var; set $var to a free port"
}

# Waits until pid's server accepts connections on port; fails early if pid dies.
wait_for_port() { # name pid port timeout-seconds logfile
  local name="$1" pid="$2" port="$3" timeout="$4" logfile="$5" i
  for ((i = 0; i < timeout * 10; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      printf 'test.sh: %s exited during startup; its log (%s):\n' "$name" "$logfile" >&2
      tail -n 30 "$logfile" >&2 || true
      exit 1
    fi
    if port_in_use "$port"; then
      return 0
    fi
    sleep 0.1
  done
  printf 'test.sh: %s did not accept connections on 127.0.0.1:%s within %ss; log:\n' \
    "$name" "$port" "$timeout" >&2
  tail -n 30 "$logfile" >&2 || true
  exit 1
}

# ---------------------------------------------------------------------------------------
# Prerequisites
# ---------------------------------------------------------------------------------------
APT_MISSING=()

# need_apt_package PACKAGE CHECK-COMMAND...: queue PACKAGE when CHECK-COMMAND fails.
need_apt_package() {
  local package="$1"
  shift
  if ! "$@" >/dev/null 2>&1; then
    APT_MISSING+=("$package")
  fi
}

install_missing_packages() {
  ((${#APT_MISSING[@]} > 0)) || return 0
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need root (or sudo) to install: ${APT_MISSING[*]}"
    sudo=(sudo)
  fi
  log "Installing: ${APT_MISSING[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${APT_MISSING[@]}"
  APT_MISSING=()
}

# Prints the bin directory of the newest PostgreSQL server installed the Debian way
# (/usr/lib/postgresql/VERSION/bin); fails when there is none.
PG_BIN=""
find_pg_bindir() {
  local dir found=""
  while IFS= read -r dir; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/pg_isready" && -x "$dir/psql" ]]; then
      found="$dir"
    fi
  done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V)
  [[ -n "$found" ]] || return 1
  printf '%s\n' "$found"
}

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
  command -v node >/dev/null 2>&1 || die "node is not on PATH"
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH"

  need_apt_package postgresql find_pg_bindir
  need_apt_package python3-aiosmtpd "$SYS_PYTHON" -c 'import aiosmtpd'
  install_missing_packages
  PG_BIN="$(find_pg_bindir)" || die "no PostgreSQL server under /usr/lib/postgresql/*/bin after installing postgresql"
  "$SYS_PYTHON" -c 'import aiosmtpd' || die "python3-aiosmtpd is still not importable by $SYS_PYTHON"
}

# ---------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------
# Runs a command as the user PostgreSQL runs as: "postgres" when this script is root
# (PostgreSQL refuses to run as root), else the current user. From / so that a working
# directory postgres cannot enter does not matter.
as_postgres() {
  if [[ "$(id -u)" -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# Gives a path to the user PostgreSQL runs as (a no-op when this script is not root).
chown_postgres() { # path...
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$@"
  fi
}

milliseconds() { # prints the current time in ms
  local us="${EPOCHREALTIME//[.,]/}"
  printf '%s\n' "$((us / 1000))"
}

# Set by start_postgres, used by stop_postgres.
PG_DATA=""
PG_LOG=""

# Stop function for track_pid. A "fast" shutdown: SIGTERM (what stop_pid sends) would be a
# "smart" shutdown, which waits until every client (e.g. a pooled connection a test left
# open) has disconnected.
stop_postgres() { # name pid
  local name="$1" pid="$2"
  if kill -0 "$pid" 2>/dev/null; then
    as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop >/dev/null 2>&1 || true
  fi
  stop_pid "$name" "$pid"
  # The log of a cluster under /tmp goes away with it; keep a copy with the other logs.
  if [[ -n "$PG_LOG" && "$PG_LOG" != "$LOG_DIR/postgres.log" && -f "$PG_LOG" ]]; then
    cp -f "$PG_LOG" "$LOG_DIR/postgres.log" || true
  fi
}

start_postgres() {
  local port datadir logfile socketdir pid started initdb_ms ready_ms i version
  if [[ "$(id -u)" -eq 0 ]]; then
    id -u postgres >/dev/null 2>&1 || die "there is no 'postgres' user to run PostgreSQL as"
  fi
  started="$(milliseconds)"

  # The cluster lives in the work tree when postgres can reach it there (every parent
  # directory must be traversable by postgres), else under /tmp.
  datadir="$SERVICES_DIR/postgres"
  logfile="$LOG_DIR/postgres.log"
  if ! as_postgres test -x "$SERVICES_DIR"; then
    local tmpbase="/tmp/orderly-test-pg-$$"
    rm -rf "$tmpbase"
    mkdir -m 700 "$tmpbase"
    chown_postgres "$tmpbase"
    CLEANUP_PATHS+=("$tmpbase")
    datadir="$tmpbase/data"
    logfile="$tmpbase/postgres.log"
    log "PostgreSQL cannot traverse $SERVICES_DIR; using $tmpbase for its cluster"
  fi

  # A cluster left running by an interrupted earlier run of this script in this same
  # directory: stop it (through its own data directory) before replacing the directory.
  if [[ -f "$datadir/postmaster.pid" ]]; then
    pid="$(head -n 1 "$datadir/postmaster.pid" 2>/dev/null || true)"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
      log "Stopping the PostgreSQL (pid $pid) an earlier run left running on $datadir"
      as_postgres "$PG_BIN/pg_ctl" -D "$datadir" -m fast -w -t 20 stop >/dev/null ||
        die "could not stop the PostgreSQL (pid $pid) left running on $datadir; stop it and retry"
    fi
  fi
  port="$(choose_port ORDERLY_TEST_PG_PORT 15432)"

  # A fresh cluster each run.
  rm -rf "$datadir"
  mkdir -m 700 "$datadir"
  chown_postgres "$datadir"
  : >"$logfile"
  chown_postgres "$logfile"
  # --no-sync: no point flushing a cluster that is thrown away after the run.
  if ! as_postgres "$PG_BIN/initdb" -D "$datadir" --auth=trust --username=postgres -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$LOG_DIR/initdb.log" 2>&1; then
    find "$datadir" -mindepth 1 -delete 2>/dev/null || true
    as_postgres "$PG_BIN/initdb" -D "$datadir" --auth=trust --username=postgres -E UTF8 \
      --no-locale --no-sync >>"$LOG_DIR/initdb.log" 2>&1 ||
      { tail -n 30 "$LOG_DIR/initdb.log" >&2; die "initdb failed; see $LOG_DIR/initdb.log"; }
  fi
  initdb_ms=$(($(milliseconds) - started))

  socketdir="$(mktemp -d /tmp/orderly-test-pg-sock.XXXXXX)"
  CLEANUP_PATHS+=("$socketdir")
  chown_postgres "$socketdir"

  log "Starting PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$port (data $datadir)"
  PG_DATA="$datadir"
  PG_LOG="$logfile"
  # fsync, synchronous_commit and full_page_writes off: this cluster is thrown away after
  # the run, so crash safety buys nothing and costs test time.
  local rc=0
  as_postgres "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -W -o "-c listen_addresses=127.0.0.1 \
-p $port -k $socketdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c max_connections=300" start >/dev/null || rc=$?
  ((rc == 0)) || { tail -n 30 "$logfile" >&2; die "pg_ctl start failed (exit $rc)"; }

  # Record the postmaster (first line of postmaster.pid) as soon as it exists, then wait
  # until it accepts connections; fail early if it dies.
  pid=""
  for ((i = 0; i < 200; i++)); do
    if [[ -z "$pid" && -f "$datadir/postmaster.pid" ]]; then
      pid="$(head -n 1 "$datadir/postmaster.pid" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]]; then
        track_pid "PostgreSQL" "$pid" stop_postgres
      else
        pid=""
      fi
    fi
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      printf 'test.sh: PostgreSQL exited during startup; its log (%s):\n' "$logfile" >&2
      tail -n 30 "$logfile" >&2 || true
      exit 1
    fi
    if [[ -z "$pid" ]] && grep -q 'FATAL' "$logfile" 2>/dev/null; then
      printf 'test.sh: PostgreSQL did not start; its log (%s):\n' "$logfile" >&2
      tail -n 30 "$logfile" >&2 || true
      exit 1
    fi
    if [[ -n "$pid" ]] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; then
      break
    fi
    sleep 0.1
  done
  if [[ -z "$pid" ]] || ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -t 1; then
    printf 'test.sh: PostgreSQL did not accept connections on 127.0.0.1:%s within 20s; log:\n' \
      "$port" >&2
    tail -n 30 "$logfile" >&2 || true
    exit 1
  fi
  ready_ms=$(($(milliseconds) - started))

  # Readiness probe: one real query over TCP, as the tests will connect.
  version="$(PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -A -t -v ON_ERROR_STOP=1 \
    "host=127.0.0.1 port=$port user=postgres dbname=postgres" -c 'select version()')" ||
    die "PostgreSQL on 127.0.0.1:$port is up but psql could not query it; see $logfile"
  log "PostgreSQL ready in ${ready_ms} ms (initdb ${initdb_ms} ms, pid $pid): $version"

  export ORDERLY_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50"
}

start_smtp() {
  local port maildir logfile pid
  port="$(choose_port ORDERLY_TEST_SMTP_PORT 12525)"
  maildir="$SERVICES_DIR/maildir"
  logfile="$LOG_DIR/smtp.log"
  rm -rf "$maildir"
  mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"

  log "Starting SMTP sink on 127.0.0.1:$port (maildir $maildir)"
  "$SYS_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" \
    >"$logfile" 2>&1 </dev/null &
  pid=$!
  track_pid "SMTP sink" "$pid"
  wait_for_port "SMTP sink" "$pid" "$port" 10 "$logfile"
  # The port could have been taken by someone else between the probe and the bind.
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || die "SMTP sink exited right after startup; see $logfile"

  export ORDERLY_TEST_SMTP_HOST=127.0.0.1
  export ORDERLY_TEST_SMTP_PORT="$port"
  export ORDERLY_TEST_MAILDIR="$maildir"
}

# ---------------------------------------------------------------------------------------
# npm fixtures (real third-party clients used by contract tests)
# ---------------------------------------------------------------------------------------
install_node_fixtures() {
  log "Installing npm fixtures in ${NODE_FIXTURES#"$ROOT"/}"
  if [[ -f "$NODE_FIXTURES/package-lock.json" ]]; then
    (cd "$NODE_FIXTURES" && npm ci --no-audit --no-fund)
  else
    (cd "$NODE_FIXTURES" && npm install --no-audit --no-fund)
  fi
  export ORDERLY_TEST_NODE_FIXTURES="$NODE_FIXTURES"
}

# ---------------------------------------------------------------------------------------
# Result summary
# ---------------------------------------------------------------------------------------
# Prints "PASSED FAILED" summed over the <Counters> of every TRX file under RESULTS_DIR.
# failed counts failed + error + timeout + aborted outcomes. No TRX at all -> "0 1".
# An unreadable TRX counts as one failure.
sum_trx_counters() {
  "$SYS_PYTHON" - "$RESULTS_DIR" <<'PY'
import pathlib
import sys
import xml.etree.ElementTree as ET

root = pathlib.Path(sys.argv[1])
files = sorted(root.rglob("*.trx")) if root.is_dir() else []
passed = failed = 0
for path in files:
    try:
        counters = next(
            (el for el in ET.parse(path).iter() if el.tag.rsplit("}", 1)[-1] == "Counters"),
            None,
        )
        if counters is None:
            raise ValueError("no <Counters> element")
        get = lambda name: int(counters.get(name, "0") or 0)
        p = get("passed")
        f = get("failed") + get("error") + get("timeout") + get("aborted")
        print(f"    {path.relative_to(root)}: total={get('total')} passed={p} failed={f} "
              f"notExecuted={get('notExecuted')}", file=sys.stderr)
        passed += p
        failed += f
    except Exception as exc:  # a broken TRX must not look like success
        print(f"    {path}: unreadable TRX ({exc}); counted as 1 failure", file=sys.stderr)
        failed += 1
if not files:
    print("    no TRX file was produced (build failure?)", file=sys.stderr)
    failed = max(failed, 1)
print(passed, failed)
PY
}

# ---------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------
rm -rf "$RESULTS_DIR"
mkdir -p "$LOG_DIR"

check_prerequisites
# Servers that take long to start (RabbitMQ) go first once they are added.
start_postgres
start_smtp
install_node_fixtures
export ORDERLY_TEST_REQUIRE_SERVICES=1

log "Test environment:"
env | grep '^ORDERLY_TEST_' | sort | sed 's/^/    /'

if [[ "${ORDERLY_TEST_DRY_RUN:-}" == "1" ]]; then
  log "ORDERLY_TEST_DRY_RUN=1: skipping dotnet test"
  cleanup
  SUMMARY_PRINTED=1
  echo "0 passed, 0 failed"
  exit 0
fi

log "dotnet test"
set +e
# Each test assembly writes its own TRX: a fixed LogFileName would make the projects of a
# solution overwrite one another's results; LogFilePrefix gives unique names.
# First every project on the embedded default (SQLite)...
ORDERLY_TEST_PROVIDER=sqlite dotnet test Orderly.slnx -c Release \
  --logger "trx;LogFilePrefix=results-sqlite" \
  --results-directory "$RESULTS_DIR" \
  "$@"
test_rc=$?
# ...then the same integration suite against the real PostgreSQL server.
log "dotnet test: integration suite on PostgreSQL"
ORDERLY_TEST_PROVIDER=postgres dotnet test tests/Orderly.IntegrationTests -c Release --no-build \
  --logger "trx;LogFilePrefix=results-postgres" \
  --results-directory "$RESULTS_DIR" \
  "$@"
pg_rc=$?
((test_rc == 0)) && test_rc=$pg_rc
set -e

cleanup

log "Results (from TRX):"
summary="$(sum_trx_counters)" || summary="0 1"
read -r passed failed <<<"$summary"
if ((test_rc != 0 && failed == 0)); then
  printf '    dotnet test exited with %s but no failed test was recorded ' "$test_rc"
  printf '(build error or crashed test host?); counting it as 1 failure\n'
  failed=1
fi

SUMMARY_PRINTED=1
echo "$passed passed, $failed failed"
if ((failed > 0 || test_rc != 0)); then
  exit 1
fi
