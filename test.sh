#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need when missing, starts
# real servers on loopback, runs `dotnet test` on the solution and prints, as the very
# last line, "N passed, N failed" (summed from the TRX files).
#
# Expects: Debian 12, root (or sudo), .NET 10 SDK, node 20 and npm.
#
# Environment (ports: when a variable is unset and its default is busy, the next free port
# is used; when it is set, that port must be free):
#   ORDERLY_TEST_RABBITMQ_PORT       RabbitMQ AMQP port (default 17672).
#   ORDERLY_TEST_RABBITMQ_DIST_PORT  RabbitMQ's Erlang distribution port (default: AMQP + 1).
#   ORDERLY_TEST_RABBITMQ_EPMD_PORT  port of the epmd started for it (default 14369).
#   ORDERLY_TEST_PG_PORT             PostgreSQL port (default 15432).
#   ORDERLY_TEST_REDIS_PORT          Redis port (default 16379).
#   ORDERLY_TEST_SMTP_PORT           SMTP sink port (default 12525).
#   ORDERLY_TEST_DRY_RUN=1  do everything except `dotnet test` (installs, starts and checks
#                           the servers, installs the npm fixtures, prints the exported
#                           variables), then stop the servers and exit.
# Extra arguments are passed to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Smtp".
#
# Exported to the tests:
#   ORDERLY_TEST_RABBITMQ (amqp://guest:guest@127.0.0.1:PORT/, a fresh broker, vhost "/"),
#   ORDERLY_TEST_REDIS (127.0.0.1:PORT, a fresh server without persistence),
#   ORDERLY_TEST_POSTGRES (an Npgsql connection string for the superuser "postgres" on the
#   "postgres" database of a throwaway cluster: the tests create their own databases),
#   ORDERLY_TEST_SMTP_HOST, ORDERLY_TEST_SMTP_PORT, ORDERLY_TEST_MAILDIR,
#   ORDERLY_TEST_NODE_FIXTURES, ORDERLY_TEST_CHROMIUM (the browser the web journeys drive),
#   ORDERLY_TEST_SCREENSHOTS (TestResults/screenshots: each journey's last page),
#   ORDERLY_TEST_REQUIRE_SERVICES=1 (fail, not skip, when a
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
# RabbitMQ's own scripts; /usr/sbin/rabbitmq* would switch to the system "rabbitmq" user.
RABBITMQ_BIN=/usr/lib/rabbitmq/bin

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

# pid_alive, not kill -0: a daemon that has exited stays a zombie until init reaps it.
stop_pid() { # name pid
  local name="$1" pid="$2" i
  pid_alive "$pid" || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    pid_alive "$pid" || break
    sleep 0.1
  done
  if pid_alive "$pid"; then
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
# Leftovers of an interrupted run (SIGKILL skips cleanup). RabbitMQ (with its epmd), Redis
# and the SMTP sink are started with ORDERLY_TESTSH_SERVICE=<a path under .test-services>
# in their environment. A later run in the same checkout finds those processes by that
# exact entry (never by name) and stops them before it replaces their directory. The stop
# functions use the same lookup for a server whose PID was not known yet.
# ---------------------------------------------------------------------------------------
SERVICE_MARKER=ORDERLY_TESTSH_SERVICE

# True while pid exists and is not a zombie (an orphan may wait a while to be reaped).
pid_alive() { # pid
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ "${stat:0:1}" != "Z" ]]
}

# Prints the PIDs of the processes whose environment holds ORDERLY_TESTSH_SERVICE=tag.
marked_pids() { # tag
  local file pid
  while IFS= read -r file; do
    pid="${file#/proc/}"
    pid="${pid%/environ}"
    if [[ "$pid" != "$$" && "$pid" != "$BASHPID" ]] && pid_alive "$pid"; then
      printf '%s\n' "$pid"
    fi
  done < <(grep -lzFx -- "$SERVICE_MARKER=$1" /proc/[0-9]*/environ 2>/dev/null || true)
}

# Stops (SIGTERM, then SIGKILL after timeout seconds) every process marked with tag, except
# the one whose PID is given as except-pid.
stop_marked() { # label tag timeout-seconds [except-pid]
  local label="$1" tag="$2" timeout="$3" except="${4:-}" pids=() alive pid i
  mapfile -t pids < <(marked_pids "$tag" | grep -vx -- "${except:-none}" || true)
  ((${#pids[@]} > 0)) || return 0
  log "Stopping $label process(es) left running: $(for pid in "${pids[@]}"; do
    printf '%s (%s) ' "$pid" "$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-60)"
  done)"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  for ((i = 0; i <= timeout * 10; i++)); do
    alive=()
    for pid in "${pids[@]}"; do
      pid_alive "$pid" && alive+=("$pid")
    done
    ((${#alive[@]} > 0)) || return 0
    sleep 0.1
  done
  printf 'test.sh: %s pid(s) %s ignored SIGTERM; killing them\n' "$label" "${alive[*]}" >&2
  kill -KILL "${alive[@]}" 2>/dev/null || true
}

read_pid_file() { # file: prints the PID it holds, fails when there is none
  local pid=""
  [[ -f "$1" ]] && pid="$(head -n 1 "$1" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$pid"
}

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

# Fails when two of the given ports are equal.
ports_distinct() { # name=port...
  local a b
  for a in "$@"; do
    for b in "$@"; do
      if [[ "$a" < "$b" && "${a#*=}" == "${b#*=}" ]]; then
        die "${a%%=*} and ${b%%=*} are both ${a#*=}; they need different ports"
      fi
    done
  done
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

# Prints the epmd that comes with Erlang (a dependency of rabbitmq-server).
EPMD_BIN=""
find_epmd() {
  local found
  found="$(command -v epmd 2>/dev/null)" ||
    found="$(compgen -G '/usr/lib/erlang/erts-*/bin/epmd' | sort -V | tail -n 1)"
  [[ -n "$found" && -x "$found" ]] || return 1
  printf '%s\n' "$found"
}

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
  command -v node >/dev/null 2>&1 || die "node is not on PATH"
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH"

  need_apt_package rabbitmq-server test -x "$RABBITMQ_BIN/rabbitmq-server"
  need_apt_package postgresql find_pg_bindir
  need_apt_package redis-server command -v redis-server
  need_apt_package redis-tools command -v redis-cli
  need_apt_package python3-aiosmtpd "$SYS_PYTHON" -c 'import aiosmtpd'
  need_apt_package chromium test -x /usr/bin/chromium
  install_missing_packages
  local tool
  for tool in rabbitmq-server rabbitmqctl rabbitmq-diagnostics; do
    [[ -x "$RABBITMQ_BIN/$tool" ]] || die "$RABBITMQ_BIN/$tool is missing after installing rabbitmq-server"
  done
  EPMD_BIN="$(find_epmd)" || die "no epmd (Erlang port mapper) after installing rabbitmq-server"
  PG_BIN="$(find_pg_bindir)" || die "no PostgreSQL server under /usr/lib/postgresql/*/bin after installing postgresql"
  command -v redis-server >/dev/null || die "redis-server is missing after installing redis-server"
  command -v redis-cli >/dev/null || die "redis-cli is missing after installing redis-tools"
  "$SYS_PYTHON" -c 'import aiosmtpd' || die "python3-aiosmtpd is still not importable by $SYS_PYTHON"
  [[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after installing chromium"
  export ORDERLY_TEST_CHROMIUM=/usr/bin/chromium
}

# ---------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------
# Runs a command as the user PostgreSQL runs as: "postgres" when this script is root
# (PostgreSQL refuses to run as root), else the current user. From / so that a working
# directory postgres cannot enter does not matter. Redirect it as `(as_postgres ...) >file`:
# the redirection of a function call applies to this shell while the function runs, so an
# interruption then would send the final summary line into that file.
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
PG_START_LAUNCHED=0

# Stop function for track_pid. A "fast" shutdown: SIGTERM (what stop_pid sends) would be a
# "smart" shutdown, which waits until every client (e.g. a pooled connection a test left
# open) has disconnected. pid is 0 until start_postgres has read it from postmaster.pid.
stop_postgres() { # name pid
  local name="$1" pid="$2" i
  if [[ ! "$pid" =~ ^[1-9][0-9]*$ ]]; then
    # Interrupted right after `pg_ctl start`: the postmaster writes its PID file shortly.
    for ((i = 0; i < 50; i++)); do
      pid="$(read_pid_file "$PG_DATA/postmaster.pid")" && break
      pid=""
      [[ "$PG_START_LAUNCHED" == 1 ]] || break
      sleep 0.1
    done
  fi
  if [[ -n "$pid" ]] && pid_alive "$pid"; then
    (as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w -t 20 stop) >/dev/null 2>&1 || true
  fi
  [[ -z "$pid" ]] || stop_pid "$name" "$pid"
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
      (as_postgres "$PG_BIN/pg_ctl" -D "$datadir" -m fast -w -t 20 stop) >/dev/null ||
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
  if ! (as_postgres "$PG_BIN/initdb" -D "$datadir" --auth=trust --username=postgres -E UTF8 \
    --locale=C.UTF-8 --no-sync) >"$LOG_DIR/initdb.log" 2>&1; then
    find "$datadir" -mindepth 1 -delete 2>/dev/null || true
    (as_postgres "$PG_BIN/initdb" -D "$datadir" --auth=trust --username=postgres -E UTF8 \
      --no-locale --no-sync) >>"$LOG_DIR/initdb.log" 2>&1 ||
      { tail -n 30 "$LOG_DIR/initdb.log" >&2; die "initdb failed; see $LOG_DIR/initdb.log"; }
  fi
  initdb_ms=$(($(milliseconds) - started))

  socketdir="$(mktemp -d /tmp/orderly-test-pg-sock.XXXXXX)"
  CLEANUP_PATHS+=("$socketdir")
  chown_postgres "$socketdir"

  log "Starting PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$port (data $datadir)"
  PG_DATA="$datadir"
  PG_LOG="$logfile"
  # Tracked before it starts, so that an interruption (SIGTERM, Ctrl-C) stops it too.
  local tracked=${#STARTED_PIDS[@]}
  track_pid "PostgreSQL" 0 stop_postgres
  # fsync, synchronous_commit and full_page_writes off: this cluster is thrown away after
  # the run, so crash safety buys nothing and costs test time.
  local rc=0
  PG_START_LAUNCHED=1
  (as_postgres "$PG_BIN/pg_ctl" -D "$datadir" -l "$logfile" -W -o "-c listen_addresses=127.0.0.1 \
-p $port -k $socketdir -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
-c max_connections=300" start) >/dev/null || rc=$?
  ((rc == 0)) || { tail -n 30 "$logfile" >&2; die "pg_ctl start failed (exit $rc)"; }

  # Record the postmaster (first line of postmaster.pid) as soon as it exists, then wait
  # until it accepts connections; fail early if it dies.
  pid=""
  for ((i = 0; i < 200; i++)); do
    if [[ -z "$pid" && -f "$datadir/postmaster.pid" ]]; then
      pid="$(head -n 1 "$datadir/postmaster.pid" 2>/dev/null || true)"
      if [[ "$pid" =~ ^[0-9]+$ ]]; then
        STARTED_PIDS[tracked]="$pid"
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

# ---------------------------------------------------------------------------------------
# RabbitMQ: slow to boot (10+ s), so start_rabbitmq only launches it; wait_rabbitmq, called
# after the other servers have started, waits until it is ready.
# ---------------------------------------------------------------------------------------
RABBITMQ_DIR="$SERVICES_DIR/rabbitmq"
RMQ_ENV=()    # environment shared by the node and the CLI tools that talk to it
RMQ_NODE=""
RMQ_PORT=""
RMQ_PIDFILE=""
RMQ_PID=""
RMQ_EPMD_PID=""
RMQ_STARTED_MS=""

# Runs a RabbitMQ CLI tool against the node, killed after timeout-seconds; its output goes
# to rabbitmq-cli.log (redirected here, on the command, not on the function call: see
# as_postgres).
rabbitmq_cli() { # timeout-seconds tool args...
  local seconds="$1" tool="$2"
  shift 2
  timeout "$seconds" env "${RMQ_ENV[@]}" "$RABBITMQ_BIN/$tool" "$@" \
    >>"$LOG_DIR/rabbitmq-cli.log" 2>&1
}

# Stop function for track_pid (tracked with the epmd's PID): stops the node, then whatever
# else still carries the RabbitMQ marker except the epmd (e.g. a node interrupted before it
# wrote its PID file: while booting it would start an epmd of its own if ours went first),
# then the epmd, then anything left.
stop_rabbitmq() { # name epmd-pid
  local name="$1" epmd_pid="$2" pid
  pid="$RMQ_PID"
  [[ -n "$pid" ]] || pid="$(read_pid_file "$RMQ_PIDFILE")" || pid=""
  if [[ -n "$pid" ]] && pid_alive "$pid"; then
    rabbitmq_cli 30 rabbitmqctl -q -n "$RMQ_NODE" stop "$RMQ_PIDFILE" || true
    stop_pid "$name" "$pid"
  fi
  stop_marked "$name" "$RABBITMQ_DIR" 10 "$epmd_pid"
  stop_pid "epmd" "$epmd_pid"
  stop_marked "$name" "$RABBITMQ_DIR" 10
}

start_rabbitmq() {
  local port dist_port epmd_port home
  # What an interrupted earlier run in this checkout left running (node and epmd).
  stop_marked "RabbitMQ" "$RABBITMQ_DIR" 15
  # Not 5672/15672/25672 (a RabbitMQ on the machine) nor 35672-35682 (where RabbitMQ's CLI
  # tools listen by default while they run: one could take the AMQP port during the boot).
  port="$(choose_port ORDERLY_TEST_RABBITMQ_PORT 17672)"
  dist_port="$(choose_port ORDERLY_TEST_RABBITMQ_DIST_PORT $((port + 1)))"
  epmd_port="$(choose_port ORDERLY_TEST_RABBITMQ_EPMD_PORT 14369)"
  ports_distinct "ORDERLY_TEST_RABBITMQ_PORT=$port" "ORDERLY_TEST_RABBITMQ_DIST_PORT=$dist_port" \
    "ORDERLY_TEST_RABBITMQ_EPMD_PORT=$epmd_port"

  # A fresh node each run: its own HOME (Erlang cookie), database, logs and PID file, and
  # no system-wide configuration, environment file or plugins (a management plugin enabled
  # in /etc/rabbitmq would try to bind port 15672).
  rm -rf "$RABBITMQ_DIR"
  mkdir -p "$RABBITMQ_DIR/mnesia" "$RABBITMQ_DIR/log"
  home="$RABBITMQ_DIR/home"
  mkdir -m 700 "$home"
  : >"$RABBITMQ_DIR/rabbitmq-env.conf"
  printf '# Test node: everything at its defaults.\n' >"$RABBITMQ_DIR/rabbitmq.conf"
  printf '[].\n' >"$RABBITMQ_DIR/enabled_plugins"
  : >"$LOG_DIR/rabbitmq-cli.log"

  RMQ_NODE="orderly-test-$$@localhost"
  RMQ_PORT="$port"
  RMQ_PIDFILE="$RABBITMQ_DIR/rabbitmq.pid"
  RMQ_PID=""
  RMQ_ENV=(
    HOME="$home"
    LC_ALL=C.UTF-8
    ERL_EPMD_ADDRESS=127.0.0.1
    ERL_EPMD_PORT="$epmd_port"
    RABBITMQ_NODENAME="$RMQ_NODE"
    RABBITMQ_CONF_ENV_FILE="$RABBITMQ_DIR/rabbitmq-env.conf"
    # The CLI tools (rabbitmqctl, rabbitmq-diagnostics) are Erlang nodes too: on loopback,
    # and on any free port (the OS chooses) instead of the first free one in 35672-35682.
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
    RABBITMQ_CTL_DIST_PORT_MIN=0
    RABBITMQ_CTL_DIST_PORT_MAX=0
  )

  # Our own epmd, on loopback and a port of its own, so that its PID is known (the node
  # would otherwise start one as a daemon) and other Erlang nodes on the machine do not
  # matter. -start_epmd false: the node uses this one and never starts another.
  env "$SERVICE_MARKER=$RABBITMQ_DIR" ERL_EPMD_ADDRESS=127.0.0.1 \
    "$EPMD_BIN" -port "$epmd_port" -address 127.0.0.1 >"$LOG_DIR/epmd.log" 2>&1 </dev/null &
  RMQ_EPMD_PID=$!
  track_pid "RabbitMQ" "$RMQ_EPMD_PID" stop_rabbitmq
  wait_for_port "epmd" "$RMQ_EPMD_PID" "$epmd_port" 10 "$LOG_DIR/epmd.log"

  log "Starting RabbitMQ on 127.0.0.1:$port (node $RMQ_NODE, distribution port $dist_port, epmd port $epmd_port)"
  RMQ_STARTED_MS="$(milliseconds)"
  # Without inet_dist_use_interface the distribution port would listen on 0.0.0.0.
  if ! env "${RMQ_ENV[@]}" \
    "$SERVICE_MARKER=$RABBITMQ_DIR" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT="$dist_port" \
    RABBITMQ_MNESIA_BASE="$RABBITMQ_DIR/mnesia" \
    RABBITMQ_LOG_BASE="$RABBITMQ_DIR/log" \
    RABBITMQ_PID_FILE="$RMQ_PIDFILE" \
    RABBITMQ_CONFIG_FILE="$RABBITMQ_DIR/rabbitmq.conf" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$RABBITMQ_DIR/enabled_plugins" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} -start_epmd false" \
    "$RABBITMQ_BIN/rabbitmq-server" -detached >"$LOG_DIR/rabbitmq-server.log" 2>&1 </dev/null; then
    tail -n 30 "$LOG_DIR/rabbitmq-server.log" >&2 || true
    die "rabbitmq-server -detached failed; see $LOG_DIR/rabbitmq-server.log"
  fi
}

# Prints the hex of the first 11 bytes a server on port answers to an AMQP 0-9-1 header:
# RabbitMQ answers with a Connection.Start frame, 01 0000 <size> 000a 000a.
amqp_greeting() { # port
  timeout 5 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" && printf "AMQP\0\0\x09\x01" >&3 &&
    head -c 11 <&3' _ "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n'
}

wait_rabbitmq() {
  local rc=0 ready_ms greeting
  # Waits for the PID file, then until the node has fully booted (listeners included).
  rabbitmq_cli 100 rabbitmqctl -q -n "$RMQ_NODE" wait --timeout 90 "$RMQ_PIDFILE" || rc=$?
  RMQ_PID="$(read_pid_file "$RMQ_PIDFILE")" || RMQ_PID=""
  if ((rc != 0)); then
    printf 'test.sh: RabbitMQ did not become ready (rabbitmqctl wait exited with %s):\n' "$rc" >&2
    tail -n 10 "$LOG_DIR/rabbitmq-cli.log" "$LOG_DIR/rabbitmq-server.log" >&2 || true
    # The first errors of the node's log name the cause (e.g. eaddrinuse); the end of it is
    # a long Erlang term.
    printf 'First errors in %s/log/%s.log:\n' "$RABBITMQ_DIR" "$RMQ_NODE" >&2
    grep -h -m 12 -F '[error]' "$RABBITMQ_DIR/log/$RMQ_NODE.log" 2>/dev/null | cut -c1-300 >&2 || true
    die "RabbitMQ did not start; its logs are in $RABBITMQ_DIR/log"
  fi
  ready_ms=$(($(milliseconds) - RMQ_STARTED_MS))

  # Readiness probes: the node answers its CLI, and the AMQP port is RabbitMQ's.
  rabbitmq_cli 30 rabbitmq-diagnostics -q -n "$RMQ_NODE" ping ||
    die "RabbitMQ node $RMQ_NODE does not answer rabbitmq-diagnostics ping; see $LOG_DIR/rabbitmq-cli.log"
  greeting="$(amqp_greeting "$RMQ_PORT")"
  [[ "$greeting" =~ ^010000[0-9a-f]{8}000a000a$ ]] ||
    die "127.0.0.1:$RMQ_PORT does not answer like an AMQP 0-9-1 broker (got '${greeting:-nothing}')"
  log "RabbitMQ ready in ${ready_ms} ms (pid ${RMQ_PID:-?}, epmd pid $RMQ_EPMD_PID)"

  export ORDERLY_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$RMQ_PORT/"
  # A rabbitmqctl bound to this node, for tests that stop and start the broker (outage tests).
  local ctl="$SERVICES_DIR/rabbitmqctl"
  {
    printf '#!/usr/bin/env bash\n'
    printf 'exec env'
    printf ' %q' "${RMQ_ENV[@]}"
    printf ' %q -n %q "$@"\n' "$RABBITMQ_BIN/rabbitmqctl" "$RMQ_NODE"
  } >"$ctl"
  chmod +x "$ctl"
  export ORDERLY_TEST_RABBITMQCTL="$ctl"
}

# ---------------------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------------------
REDIS_DIR="$SERVICES_DIR/redis"
REDIS_PIDFILE=""

# Stop function for track_pid (tracked before its PID is known): the PID from its PID
# file, then anything else still carrying the Redis marker.
stop_redis() { # name pid
  local name="$1" pid="$2"
  if [[ ! "$pid" =~ ^[1-9][0-9]*$ ]]; then
    pid="$(read_pid_file "$REDIS_PIDFILE")" || pid=""
  fi
  [[ -z "$pid" ]] || stop_pid "$name" "$pid"
  stop_marked "$name" "$REDIS_DIR" 10
}

start_redis() {
  local port logfile pid="" started ready_ms i reply="" version tracked
  stop_marked "Redis" "$REDIS_DIR" 10
  port="$(choose_port ORDERLY_TEST_REDIS_PORT 16379)"
  rm -rf "$REDIS_DIR"
  mkdir -p "$REDIS_DIR"
  REDIS_PIDFILE="$REDIS_DIR/redis.pid"
  logfile="$LOG_DIR/redis.log"
  : >"$logfile"

  log "Starting Redis on 127.0.0.1:$port (dir $REDIS_DIR)"
  started="$(milliseconds)"
  # Tracked at once (PID 0 until the PID file exists), so that an interrupted start is stopped.
  tracked=${#STARTED_PIDS[@]}
  track_pid "Redis" 0 stop_redis
  # No RDB snapshots, no AOF: the data is thrown away after the run. --set-proc-title no:
  # the process title would overwrite the environment that marks it as ours.
  env "$SERVICE_MARKER=$REDIS_DIR" redis-server --port "$port" --bind 127.0.0.1 \
    --save '' --appendonly no --daemonize yes --pidfile "$REDIS_PIDFILE" \
    --logfile "$logfile" --dir "$REDIS_DIR" --set-proc-title no </dev/null >>"$logfile" 2>&1 ||
    { tail -n 30 "$logfile" >&2; die "redis-server failed to start; see $logfile"; }

  # The daemon writes its PID file once it listens; then wait for PONG.
  for ((i = 0; i < 100; i++)); do
    if [[ -z "$pid" ]]; then
      pid="$(read_pid_file "$REDIS_PIDFILE")" || pid=""
      if [[ -n "$pid" ]]; then
        STARTED_PIDS[tracked]="$pid"
      fi
    fi
    if [[ -n "$pid" ]] && ! pid_alive "$pid"; then
      printf 'test.sh: Redis exited during startup; its log (%s):\n' "$logfile" >&2
      tail -n 30 "$logfile" >&2 || true
      exit 1
    fi
    if [[ -n "$pid" ]]; then
      reply="$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true)"
      [[ "$reply" == "PONG" ]] && break
    fi
    sleep 0.1
  done
  if [[ "$reply" != "PONG" ]]; then
    printf 'test.sh: Redis did not answer PING on 127.0.0.1:%s within 10s; log:\n' "$port" >&2
    tail -n 30 "$logfile" >&2 || true
    exit 1
  fi
  ready_ms=$(($(milliseconds) - started))
  version="$(timeout 2 redis-cli -h 127.0.0.1 -p "$port" info server 2>/dev/null |
    sed -n 's/^redis_version:\([^[:space:]]*\).*/\1/p')" || version=""
  log "Redis ${version:-?} ready in ${ready_ms} ms (pid $pid)"

  export ORDERLY_TEST_REDIS="127.0.0.1:$port"
}

start_smtp() {
  local port maildir logfile pid started
  maildir="$SERVICES_DIR/maildir"
  stop_marked "SMTP sink" "$maildir" 10
  port="$(choose_port ORDERLY_TEST_SMTP_PORT 12525)"
  logfile="$LOG_DIR/smtp.log"
  rm -rf "$maildir"
  mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"

  log "Starting SMTP sink on 127.0.0.1:$port (maildir $maildir)"
  started="$(milliseconds)"
  env "$SERVICE_MARKER=$maildir" \
    "$SYS_PYTHON" -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$maildir" \
    >"$logfile" 2>&1 </dev/null &
  pid=$!
  track_pid "SMTP sink" "$pid"
  wait_for_port "SMTP sink" "$pid" "$port" 10 "$logfile"
  # The port could have been taken by someone else between the probe and the bind.
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || die "SMTP sink exited right after startup; see $logfile"
  log "SMTP sink ready in $(($(milliseconds) - started)) ms (pid $pid)"

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
# The browser journeys save a screenshot of each journey's last page here.
export ORDERLY_TEST_SCREENSHOTS="$RESULTS_DIR/screenshots"

check_prerequisites
# RabbitMQ boots slowly: launch it first, start the others meanwhile, then wait for it.
start_rabbitmq
start_postgres
start_redis
start_smtp
install_node_fixtures
wait_rabbitmq
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
