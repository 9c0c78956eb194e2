#!/usr/bin/env bash
# Runs a fuzzing campaign over the repository's Jazzer fuzz tests (every @FuzzTest method), one
# target at a time, and prints per target: executions, executions per second, seconds, crashes and
# the file of each crashing input.
#
#   scripts/fuzz.sh [--runs N | --seconds S] [--list] [TARGET...]
#
# TARGET is Class#method, a class (all its targets) or any part of Package.Class#method; without
# one, every target runs. Each target runs for --runs executions (default 100000) or --seconds,
# or until its first crash. The build (`./foresight test`) replays the stored inputs only.
#
# Where things go:
#   crashing inputs   <module>/src/test/resources/<package>/<Class>Inputs/<method>/crash-<sha1>
#                     (from then on the build replays them as regression inputs)
#   generated corpus  <module>/.cifuzz-corpus/<package.Class>/<method>/ (kept between campaigns)
#   logs              target/fuzz/<Class>#<method>.log
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOGS="$ROOT/target/fuzz"

runs=100000
seconds=""
list_only=false
filters=()

usage() {
  sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while (($# > 0)); do
  case "$1" in
    --runs) runs="${2:?--runs needs a count}"; seconds=""; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a count}"; runs=""; shift 2 ;;
    --list) list_only=true; shift ;;
    -h|--help) usage 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; usage 2 ;;
    *) filters+=("$1"); shift ;;
  esac
done
for number in "$runs" "$seconds"; do
  if [[ -n "$number" && ! "$number" =~ ^[1-9][0-9]*$ ]]; then
    echo "fuzz.sh: '$number' is not a positive whole number" >&2
    exit 2
  fi
done

# Every @FuzzTest method: "module<TAB>package.Class<TAB>method".
discover() {
  grep -rl --include='*.java' --exclude-dir=target --exclude-dir=.git '^\s*@FuzzTest' "$ROOT" |
    grep '/src/test/java/' | sort |
    while read -r file; do
      relative="${file#"$ROOT"/}"
      module="${relative%%/src/test/java/*}"
      class="${relative#*/src/test/java/}"
      class="${class%.java}"
      class="${class//\//.}"
      awk -v module="$module" -v class="$class" '
        /^[[:space:]]*@FuzzTest/ { pending = 1; next }
        pending && match($0, /void[[:space:]]+[A-Za-z0-9_]+[[:space:]]*\(/) {
          name = substr($0, RSTART, RLENGTH)
          sub(/^void[[:space:]]+/, "", name)
          sub(/[[:space:]]*\($/, "", name)
          print module "\t" class "\t" name
          pending = 0
        }' "$file"
    done
}

selected() {
  local id="$1"
  ((${#filters[@]} == 0)) && return 0
  local simple="${id##*.}"
  for filter in "${filters[@]}"; do
    if [[ "$id" == *"$filter"* || "$simple" == "$filter" || "${simple%%#*}" == "$filter" ]]; then
      return 0
    fi
  done
  return 1
}

targets=()
while IFS=$'\t' read -r module class method; do
  if selected "$class#$method"; then
    targets+=("$module"$'\t'"$class"$'\t'"$method")
  fi
done < <(discover)

if ((${#targets[@]} == 0)); then
  echo "fuzz.sh: no fuzz test matches ${filters[*]:-(any)}; --list shows them all" >&2
  exit 2
fi
if $list_only; then
  printf '%s\n' "${targets[@]}" | awk -F'\t' '{ printf "%-14s %s#%s\n", $1, $2, $3 }'
  exit 0
fi

mkdir -p "$LOGS"
# Libraries whose code the fuzzer should see as coverage besides the project's own.
instrument="${FUZZ_INSTRUMENT:-dev.foresight.**,com.google.protobuf.**,org.yaml.snakeyaml.**,io.netty.handler.codec.**}"
# Jazzer's regex hooks slow the YAML and XML targets thirty-fold; our patterns are constants.
disabled_hooks="${FUZZ_DISABLED_HOOKS-com.code_intelligence.jazzer.sanitizers.RegexRoadblocks,com.code_intelligence.jazzer.sanitizers.RegexInjection}"
bound=()
if [[ -n "$runs" ]]; then
  bound=(-Djazzer.internal.arg.1="-runs=$runs" -Djazzer.internal.arg.2=-max_total_time=0)
else
  bound=(-Djazzer.internal.arg.1=-runs=-1 -Djazzer.internal.arg.2="-max_total_time=$seconds")
fi

echo "fuzz.sh: ${#targets[@]} target(s), each for ${runs:+$runs executions}${seconds:+$seconds s}; logs in ${LOGS#"$ROOT"/}/"
printf '%-60s %12s %9s %8s %8s\n' TARGET EXECUTIONS EXEC/S SECONDS CRASHES
status=0
for target in "${targets[@]}"; do
  IFS=$'\t' read -r module class method <<<"$target"
  simple="${class##*.}"
  log="$LOGS/$simple#$method.log"
  started=$(date +%s)
  # Jazzer fuzzes when JAZZER_FUZZ is set, one @FuzzTest per JVM; the libFuzzer arguments after
  # the first (a program name) bound the campaign and override the annotation's defaults.
  set +e
  JAZZER_FUZZ=1 mvn -B -ntp -f "$ROOT/pom.xml" test -pl "$module" -am \
    -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dspotless.check.skip=true -Denforcer.skip=true \
    -Djazzer.instrument="$instrument" -Djazzer.disabled_hooks="$disabled_hooks" \
    -Djazzer.internal.arg.0=fuzz "${bound[@]}" -Djazzer.internal.arg.3=-print_final_stats=1 \
    >"$log" 2>&1
  mvn_status=$?
  set -e
  elapsed=$(($(date +%s) - started))
  executions=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  per_second=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
  fuzz_seconds=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}' || true)
  mapfile -t crashes < <(grep -o 'Test unit written to .*' "$log" | sed 's/^Test unit written to //' | sort -u)
  printf '%-60s %12s %9s %8s %8s\n' "$simple#$method" "${executions:-?}" "${per_second:-?}" \
    "${fuzz_seconds:-?}/${elapsed}" "${#crashes[@]}"
  for crash in "${crashes[@]}"; do
    echo "    crashing input: ${crash#"$ROOT"/}"
  done
  if ((${#crashes[@]} > 0)); then
    status=1
  elif ((mvn_status != 0)) || [[ -z "$executions" ]]; then
    echo "    the run failed without a crashing input; see ${log#"$ROOT"/}"
    status=1
  fi
done
echo "SECONDS: fuzzing/total wall time of the target, including the build and the JVM start."
exit "$status"
