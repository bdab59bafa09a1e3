#!/usr/bin/env bash
# CI step: what users meet outside the test suite, run for real on samples/AotSample (see its project file).
#   1. NativeAOT: the AuditWeaver.Fody package, packed here, woven into an app published with PublishAot=true, with no
#      trim or AOT warning; the native program's hooks, capture, JSON policy, AUDITWEAVER_LOG and
#      OpenTelemetry (in-memory exporters: ActivityEvents on the current span, the counter in exported metrics).
#   2. dotnet-trace collect --providers AuditWeaver on the native program and on the same app's managed build, read
#      back with TraceEvent.
#   3. dotnet-counters collect on both: the AuditWeaver meter's counter.
# Installs what it needs when missing (clang and zlib1g-dev from Debian, the two .NET tools into a folder of its own).
# Ends with one line "N passed, N failed" (seven checks: the NativeAOT one split in three, the others one per build);
# exits non-zero when anything failed. Run it alone from anywhere: bash .ci/aot-diagnostics.sh
set -uo pipefail
cd "$(dirname "$0")/.."
# Timings go to the script's own output even from inside a command substitution.
exec 3>&1

diagnostics_version=10.0.750501
# Kept between runs on a machine, so that the tools are installed once.
tools="${AUDITWEAVER_CI_TOOLS:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/auditweaver-ci/tools}"
work="$(mktemp -d /tmp/aot-ci.XXXXXX)"
version=""
cleanup() {
  rm -rf "$work"
  # The one-off package version was copied into the global packages folder by the restore; nobody needs it again.
  [ -n "$version" ] && rm -rf "${NUGET_PACKAGES:-${HOME:-/root}/.nuget/packages}/auditweaver.fody/$version"
}
trap cleanup EXIT

passed=0
failed=0
# check NAME FAILURE-MESSAGE CONDITION...: counts the condition (a command) as one passed or failed check.
check() {
  local name="$1" message="$2"
  shift 2
  if "$@"; then
    echo "ok: $name"
    passed=$((passed + 1))
  else
    echo "FAILED: $name: $message" >&2
    failed=$((failed + 1))
  fi
}
# has TEXT PATTERN...: every extended regular expression matches some line of TEXT.
has() {
  local text="$1" pattern
  shift
  for pattern in "$@"; do
    grep -Eq -- "$pattern" <<<"$text" || { echo "missing: $pattern" >&2; return 1; }
  done
}
# timed LABEL COMMAND...: runs the command and prints its wall time and the CPU time of the processes it waited for
# (build servers that outlive a command are not counted). The machine may be shared: CPU time is the steadier figure.
timed() {
  local label="$1" start=$SECONDS shell=$BASHPID before after
  shift
  before="$(cpu_ticks "$shell")"
  "$@"
  local status=$?
  after="$(cpu_ticks "$shell")"
  echo "time: $label $((SECONDS - start)) s wall, $(((after - before) / 100)) s CPU" >&3
  return $status
}
# cpu_ticks PID: the user and system time of that shell's waited-for children, in clock ticks (fields 16 and 17 of
# /proc/PID/stat).
cpu_ticks() {
  local stat fields
  stat="$(<"/proc/$1/stat")"
  stat="${stat##*) }"
  read -r -a fields <<<"$stat"
  echo $((fields[13] + fields[14]))
}

install_prerequisites() {
  if ! command -v clang >/dev/null || ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  fi
  local tool
  for tool in dotnet-trace dotnet-counters; do
    if ! "$tools/$tool" --version 2>/dev/null | grep -q "^${diagnostics_version}"; then
      dotnet tool uninstall --tool-path "$tools" "$tool" >/dev/null 2>&1
      dotnet tool install --tool-path "$tools" "$tool" --version "$diagnostics_version" >/dev/null || return 1
    fi
  done
}

# The package as users get it: the Release build, packed under a version no earlier run used (NuGet never replaces a
# version already in its global packages folder).
pack() {
  version="0.1.0-ci.$(date -u +%Y%m%d%H%M%S).$$"
  dotnet build AuditWeaver/AuditWeaver.csproj -c Release -nologo -v q \
    && dotnet pack AuditWeaver/AuditWeaver.csproj --no-build -c Release -nologo -v q \
      -p:VersionSuffix="${version#0.1.0-}" -o "$work/feed" \
    && [ -f "$work/feed/AuditWeaver.Fody.$version.nupkg" ]
}

# The sample, copied out of the repository as a user's own project, with the package added as the quick start says.
make_app() {
  cp -r samples/AotSample "$work/AotSample" \
    && rm -rf "$work/AotSample/bin" "$work/AotSample/obj" \
    && printf '<configuration>\n  <packageSources>\n    <add key="auditweaver" value="%s" />\n  </packageSources>\n</configuration>\n' \
      "$work/feed" >"$work/NuGet.config" \
    && (cd "$work/AotSample" && dotnet add package AuditWeaver.Fody --version "$version" >/dev/null)
}

timed "prerequisites" install_prerequisites || { echo "could not install clang, zlib1g-dev, dotnet-trace or dotnet-counters" >&2; failed=$((failed + 1)); }
timed "pack" pack || { echo "could not pack AuditWeaver.Fody" >&2; failed=$((failed + 1)); }
timed "copy and restore" make_app || { echo "could not make the app from samples/AotSample" >&2; failed=$((failed + 1)); }

# 1. NativeAOT publish: a native program (no managed entry assembly beside it) and no trim or AOT warning (IL2xxx,
# IL3xxx) at all: one naming AuditWeaver is the runtime's, and one naming the app's or a package's code can come from a
# woven call site, so none is allowed (the sample and the OpenTelemetry packages have none of their own).
publish="$(timed "NativeAOT publish" dotnet publish "$work/AotSample" -c Release -r linux-x64 -o "$work/native" 2>&1)"
publish_status=$?
echo "$publish"
aot_warnings="$(grep -E 'warning IL[23][0-9]{3}' <<<"$publish")"
native_build() {
  [ "$publish_status" -eq 0 ] && [ -z "$aot_warnings" ] && [ ! -e "$work/native/AotSample.dll" ] \
    && head -c 4 "$work/native/AotSample" | grep -q 'ELF'
}
check "NativeAOT publish" "expected a native program and no trim or AOT warning: ${aot_warnings:-publish failed}" native_build

# The native program with every user-facing piece at once; the log is read after it exits.
log="$work/audit.log"
native="$(AUDITWEAVER_LOG="$log" timed "NativeAOT run" "$work/native/AotSample" 2>&1)"
native_status=$?
echo "$native"
echo "$log:"
cat "$log" 2>/dev/null
native_runtime() {
  [ "$native_status" -eq 0 ] && has "$native" \
    '^audit> file\.open Program\.Main$' \
    '^captured: file\.open$' \
    '^policy> denied file\.delete: rule 1 \(deny file\.delete\)$' \
    '^denied: ' \
    '^file still exists: True$' \
    && has "$(cat "$log" 2>/dev/null)" \
      '^\{"time":"[^"]+","event":"file\.open","category":"file","args":\{"path":"[^"]*/hello\.txt"' \
      '"event":"file\.delete".*"caller":"Program\.Main"'
}
check "NativeAOT hooks, capture, JSON policy and AUDITWEAVER_LOG" "expected the hook's, capture's and policy's lines and a JSON log" native_runtime
native_opentelemetry() {
  [ "$native_status" -eq 0 ] && has "$native" \
    '^span write event: file\.open audit\.event\.category=file audit\.event\.arguments=.*hello\.txt.* audit\.event\.api=M:System\.IO\.File\.WriteAllText' \
    '^metric auditweaver\.events (audit\.event\.category=file audit\.event\.name=file\.open|audit\.event\.name=file\.open audit\.event\.category=file) sum=[1-9]'
}
check "NativeAOT OpenTelemetry" "expected file.open as an ActivityEvent on the span and auditweaver.events in the exported metrics" native_opentelemetry

# 2 and 3. dotnet-trace and dotnet-counters sessions, each on the native program (EventPipe is there because the
# sample sets EventSourceSupport) and on the same app's managed build (the publish left it in bin/). The program runs
# as `AotSample events SECONDS`: no hook is registered, so only the session turns the call sites on.
managed="$work/AotSample/bin/Release/net10.0/linux-x64/AotSample.dll"
timed "trace reader build" dotnet build .ci/NetTraceEvents -c Release -nologo -v q -o "$work/reader" >/dev/null

# trace_session LABEL PROGRAM...: every write the program reports must be in the trace, with its payload.
trace_session() {
  local label="$1" trace events writes traced_writes trace_status
  shift
  trace="$(timed "dotnet-trace session ($label)" "$tools/dotnet-trace" collect --providers AuditWeaver \
    -o "$work/$label.nettrace" --show-child-io -- "$@" events 2 2>&1)"
  trace_status=$?
  echo "$trace"
  events="$(dotnet "$work/reader/NetTraceEvents.dll" "$work/$label.nettrace" AuditWeaver 2>&1)"
  echo "$events" | head -n 3
  echo "..."
  echo "$events" | tail -n 2
  writes="$(sed -n 's/^wrote \([0-9]*\) times$/\1/p' <<<"$trace")"
  traced_writes="$(grep -c '^AuditWeaver/Raised name=file\.open category=file arguments=path: "[^"]*/tick\.txt"' <<<"$events")"
  traced_every_write() {
    [ "$trace_status" -eq 0 ] && [ -n "$writes" ] && [ "$writes" -gt 0 ] && [ "$traced_writes" -eq "$writes" ] \
      && has "$events" \
        '^AuditWeaver/Raised name=file\.open category=file arguments=path: "[^"]*/tick\.txt", mode: "Create", access: "Write" api=M:System\.IO\.File\.WriteAllText\(System\.String,System\.String\) caller=Program\.Main\.RaiseFor sourceFile=[^ ]*/Program\.cs line=[1-9][0-9]*$'
  }
  check "dotnet-trace session ($label)" \
    "expected one AuditWeaver/Raised file.open event with its payload per write (${writes:-?} writes, ${traced_writes:-0} traced)" \
    traced_every_write
}

# counters_session LABEL PROGRAM...: the AuditWeaver meter's counter, for file.open, at a non-zero rate.
counters_session() {
  local label="$1" counters counted counters_status
  shift
  counters="$(timed "dotnet-counters session ($label)" "$tools/dotnet-counters" collect --counters AuditWeaver \
    --format csv -o "$work/$label.csv" -- "$@" events 4 2>&1)"
  counters_status=$?
  counted="$(cat "$work/$label.csv" 2>/dev/null)"
  echo "$counters"
  echo "$counted" | head -n 4
  counted_file_opens() {
    [ "$counters_status" -eq 0 ] && has "$counted" \
      '^[^,]+,AuditWeaver,auditweaver\.events \(\{event\} / 1 sec\)\[audit\.event\.category=file;audit\.event\.name=file\.open\],Rate,[1-9]'
  }
  check "dotnet-counters session ($label)" "expected a non-zero rate of auditweaver.events for file.open: $counters" \
    counted_file_opens
}

trace_session native "$work/native/AotSample"
trace_session managed dotnet "$managed"
counters_session native "$work/native/AotSample"
counters_session managed dotnet "$managed"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
