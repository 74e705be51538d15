#!/usr/bin/env bash
# Runs every test of the repository: installs what the tests need when missing, starts
# real servers on loopback, runs `dotnet test` on the solution and prints, as the very
# last line, "N passed, N failed" (summed from the TRX files).
#
# Expects: Debian 12, root (or sudo), .NET 10 SDK, node 20 and npm.
#
# Environment:
#   ORDERLY_TEST_SMTP_PORT  SMTP sink port (default 12525; when unset and 12525 is busy,
#                           the next free port is used; when set, it must be free).
#   ORDERLY_TEST_DRY_RUN=1  do everything except `dotnet test` (installs, starts and checks
#                           the servers, installs the npm fixtures, prints the exported
#                           variables), then stop the servers and exit.
# Extra arguments are passed to `dotnet test`, e.g. ./test.sh --filter "FullyQualifiedName~Smtp".
#
# Exported to the tests:
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
# PID in cleanup (never by name).
# ---------------------------------------------------------------------------------------
STARTED_PIDS=()
STARTED_NAMES=()

track_pid() { # name pid
  STARTED_NAMES+=("$1")
  STARTED_PIDS+=("$2")
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

# Idempotent: stops (in reverse start order) what is still running and forgets it.
cleanup() {
  local i
  for ((i = ${#STARTED_PIDS[@]} - 1; i >= 0; i--)); do
    stop_pid "${STARTED_NAMES[i]}" "${STARTED_PIDS[i]}"
  done
  STARTED_PIDS=()
  STARTED_NAMES=()
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

check_prerequisites() {
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK (dotnet) is not on PATH"
  command -v node >/dev/null 2>&1 || die "node is not on PATH"
  command -v npm >/dev/null 2>&1 || die "npm is not on PATH"

  need_apt_package python3-aiosmtpd "$SYS_PYTHON" -c 'import aiosmtpd'
  install_missing_packages
  "$SYS_PYTHON" -c 'import aiosmtpd' || die "python3-aiosmtpd is still not importable by $SYS_PYTHON"
}

# ---------------------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------------------
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
dotnet test Orderly.slnx -c Release \
  --logger "trx;LogFilePrefix=results" \
  --results-directory "$RESULTS_DIR" \
  "$@"
test_rc=$?
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
