#!/usr/bin/env bash
# bench/run.sh: the scale benchmark behind `make bench` (docs/scale.md).
#
# Generates 100k- and 1M-account snapshots with `syncaudit gen` (cached under
# .bench/, keyed by the generator's source), then prints one table: syncaudit
# check's wall time, cases per second and peak RSS; the rule evaluation alone;
# the same cases and policies evaluated by the opa CLI; the ratio; and the
# floors (reading the inputs alone, writing the outputs alone).
#
# Environment:
#   BENCH_SIZES      account counts to run          (default "100000 1000000")
#   BENCH_STRUCTURE  single_school|board|multi_domain (default board)
#   BENCH_SEED       generator seed                 (default 1)
#   BENCH_REPEAT     runs of each syncaudit measurement; the fastest is shown,
#                    with the highest peak RSS of the runs (default 1; on a
#                    shared machine 3 filters out a neighbour's burst)
#   BENCH_OPA_MAX    largest size opa eval runs on  (default 100000: at 1M the
#                    opa CLI needs many GiB and many minutes on a shared machine)
#   GO               the go command                 (default go)
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
SIZES=${BENCH_SIZES:-"100000 1000000"}
STRUCTURE=${BENCH_STRUCTURE:-board}
SEED=${BENCH_SEED:-1}
OPA_MAX=${BENCH_OPA_MAX:-100000}
REPEAT=${BENCH_REPEAT:-1}
CACHE=.bench
mkdir -p "$CACHE"

say() { printf '%s\n' "$*" >&2; }

# --- tools -------------------------------------------------------------------
say "building syncaudit and the bench helper"
"$GO" build -o "$CACHE/syncaudit" ./cmd/syncaudit
"$GO" build -o "$CACHE/benchtool" ./bench/tool

OPA_VERSION=$("$GO" list -m -f '{{.Version}}' github.com/open-policy-agent/opa)
OPA="$("$GO" env GOPATH)/bin/opa"
# (The version is read whole first: grep -q closing the pipe early would fail it under pipefail.)
OPA_HAS=$([ -x "$OPA" ] && "$OPA" version 2>/dev/null || true)
if ! grep -q "^Version: ${OPA_VERSION#v}\$" <<<"$OPA_HAS"; then
	say "installing opa $OPA_VERSION"
	"$GO" install "github.com/open-policy-agent/opa@$OPA_VERSION"
fi

# measure OUT CMD...: runs CMD with stdout sent to $STDOUT (default: discarded)
# and writes "wall_s max_rss_kib" to OUT, from GNU time when present (else the
# wall time only).
measure() {
	local out=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -f '%e %M' -o "$out" "$@" >"${STDOUT:-/dev/null}" 2>"$out.err" || {
			local rc=$?
			# check exits 1 when findings reach --fail-on; anything else is a failure.
			if [ "$rc" -ne 1 ]; then
				say "failed ($rc): $*"
				cat "$out.err" >&2
				return 1
			fi
		}
		tail -n1 "$out" >"$out.tmp" && mv "$out.tmp" "$out"
	else
		local start end
		start=$(date +%s.%N)
		"$@" >"${STDOUT:-/dev/null}" 2>"$out.err" || [ $? -eq 1 ]
		end=$(date +%s.%N)
		awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f 0\n", e - s }' >"$out"
	fi
}

# best OUT CMD...: measure CMD $REPEAT times; OUT gets the fastest wall time
# and the highest peak RSS.
best() {
	local out=$1 i
	shift
	for ((i = 1; i <= REPEAT; i++)); do
		measure "$out.$i" "$@"
	done
	cat "$out".[0-9]* | sort -n | awk 'NR == 1 { w = $1 } { if ($2 > r) r = $2 } END { print w, r }' >"$out"
	rm -f "$out".[0-9]*
}

# The flags that leave out the workbook and the PDF, as far as this check has them.
CHECK_HELP=$("$CACHE/syncaudit" check --help 2>&1 || true)
LEAN_FLAGS=()
FULL_WHAT="JSON + CSV"
for f in no-xlsx no-pdf; do
	if grep -q -- "--$f" <<<"$CHECK_HELP"; then
		LEAN_FLAGS+=("--$f")
		case $f in no-xlsx) FULL_WHAT="$FULL_WHAT + workbook" ;; no-pdf) FULL_WHAT="$FULL_WHAT + PDF" ;; esac
	fi
done

# json_field FILE KEY: a number from the bench helper's one-line JSON.
json_field() { sed -n "s/.*\"$2\":\([0-9.e+-]*\).*/\1/p" "$1"; }

# The rule book, without its tests, for opa.
REGO_ARGS=()
for f in policies/*.rego; do
	case "$f" in *_test.rego) ;; *) REGO_ARGS+=(-d "$f") ;; esac
done
OPA_QUERY='count([r | some c in input.cases; r := {"actions": [a | some a in data.syncaudit.rules[_].actions], "findings": [f | some f in data.syncaudit.rules[_].findings]} with input as c])'

GEN_KEY=$(cat samples/gen/*.go | sha256sum | cut -c1-10)
ROWS=()
row() { ROWS+=("$(printf '%-7s | %-44s | %8s | %10s | %9s | %s' "$@")"); }
mib() { awk -v k="$1" 'BEGIN { if (k > 0) printf "%.0f", k / 1024; else print "-" }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }'; }

declare -A CHECK_WALL
for n in $SIZES; do
	label=$(awk -v n="$n" 'BEGIN { if (n >= 1000000) printf "%gM", n / 1000000; else if (n >= 1000) printf "%gk", n / 1000; else print n }')
	snap="$CACHE/$STRUCTURE-$n-s$SEED-$GEN_KEY"
	if ! [ -f "$snap/tenant.yaml" ]; then
		say "generating $snap"
		"$CACHE/syncaudit" gen --accounts "$n" --structure "$STRUCTURE" --seed "$SEED" --out "$snap" --force >&2
	fi
	cases="$CACHE/cases-$STRUCTURE-$n-s$SEED-$GEN_KEY"
	if [ "$n" -le "$OPA_MAX" ] && ! [ -f "$cases/input.json" ]; then
		say "exporting the cases of $snap for opa"
		"$CACHE/benchtool" dump "$snap" "$cases" >"$cases.json"
	fi
	out="$CACHE/out-$n"
	m="$CACHE/m-$n"

	say "[$label] rule evaluation alone (policies.Engine.Check)"
	for ((i = 1; i <= REPEAT; i++)); do
		"$CACHE/benchtool" eval "$snap" >"$m.eval.$i"
	done
	# The fastest run (the helper's JSON line starts with the phase, then the seconds).
	sort -t: -k3 -n "$m.eval".[0-9]* | head -n1 >"$m.eval"
	rm -f "$m.eval".[0-9]*
	ncases=$(json_field "$m.eval" cases)
	eval_s=$(awk -v s="$(json_field "$m.eval" seconds)" 'BEGIN { printf "%.2f", s }')
	live=$(awk -v b="$(json_field "$m.eval" live_heap_bytes)" 'BEGIN { printf "%.0f", b / 1048576 }')
	cpu=$(awk -v c="$(json_field "$m.eval" cpu_seconds)" -v g="$(json_field "$m.eval" gc_cpu_seconds)" \
		'BEGIN { if (c > 0) printf "%.0f CPU-s, %.0f%% in GC", c, 100 * g / c; else print "-" }')

	say "[$label] syncaudit check (JSON + CSV)"
	best "$m.check" "$CACHE/syncaudit" check --snapshot "$snap" --out "$out" --fail-on never "${LEAN_FLAGS[@]}"
	read -r wall rss <"$m.check"
	CHECK_WALL[$n]=$wall
	row "$label" "syncaudit check, JSON + CSV" "$wall" "$(rate "$ncases" "$wall")" "$(mib "$rss")" "$ncases cases"
	if [ ${#LEAN_FLAGS[@]} -gt 0 ]; then
		say "[$label] syncaudit check (every report: $FULL_WHAT)"
		best "$m.full" "$CACHE/syncaudit" check --snapshot "$snap" --out "$out-full" --fail-on never
		read -r fwall frss <"$m.full"
		row "$label" "syncaudit check, $FULL_WHAT" "$fwall" "$(rate "$ncases" "$fwall")" "$(mib "$frss")" "target at 1M: <= 45 s"
	fi
	row "$label" "  rule evaluation alone (in check)" "$eval_s" "$(rate "$ncases" "$eval_s")" "-" "live heap $live MiB; $cpu"

	if [ "$n" -le "$OPA_MAX" ]; then
		say "[$label] opa eval on the same cases and policies"
		STDOUT="$m.opa.json" measure "$m.opa" "$OPA" eval --metrics --format json "${REGO_ARGS[@]}" -d "$cases/data.json" -i "$cases/input.json" "$OPA_QUERY"
		read -r owall orss <"$m.opa"
		oeval_ns=$(sed -n 's/.*"timer_rego_query_eval_ns": *\([0-9]*\).*/\1/p' "$m.opa.json" | head -n1)
		oeval=$(awk -v ns="${oeval_ns:-0}" 'BEGIN { printf "%.2f", ns / 1e9 }')
		row "$label" "opa eval CLI, same cases + policies" "$owall" "$(rate "$ncases" "$owall")" "$(mib "$orss")" "query eval ${oeval}s"
		row "$label" "  ratio: opa eval wall / syncaudit check wall" "$(ratio "$owall" "$wall")" "" "" ""
		row "$label" "  ratio: opa query eval / syncaudit eval" "$(ratio "$oeval" "$eval_s")" "" "" "target >= 5x at 100k"
	else
		row "$label" "opa eval CLI" "skipped" "" "" "BENCH_OPA_MAX=$OPA_MAX"
	fi

	say "[$label] floors"
	measure "$m.read" "$CACHE/benchtool" read "$snap"
	read -r rwall rrss <"$m.read"
	row "$label" "  floor: read the inputs (process wall)" "$rwall" "$(rate "$n" "$rwall")" "$(mib "$rrss")" "accounts/s"
	"$CACHE/benchtool" write "$snap" "$out/report.json" "$CACHE/write-$n" >"$m.write"
	w=$(awk -v s="$(json_field "$m.write" seconds)" 'BEGIN { printf "%.2f", s }')
	row "$label" "  floor: write report.json + actions.csv" "$w" "" "" "from a parsed report"
done

echo
echo "syncaudit scale benchmark: structure $STRUCTURE, seed $SEED, $(nproc) CPUs, $(date -u +%Y-%m-%dT%H:%MZ)"
echo "(a shared machine: figures may be noisy; load average $(cut -d' ' -f1-3 /proc/loadavg); syncaudit figures: fastest of $REPEAT run(s))"
echo
printf '%-7s | %-44s | %8s | %10s | %9s | %s\n' size measurement "wall s" "cases/s" "RSS MiB" note
printf '%s\n' "--------+----------------------------------------------+----------+------------+-----------+------------------"
for r in "${ROWS[@]}"; do echo "$r"; done
if [ -n "${CHECK_WALL[100000]:-}" ] && [ -n "${CHECK_WALL[1000000]:-}" ]; then
	echo
	echo "growth: 1M check / 100k check = $(ratio "${CHECK_WALL[1000000]}" "${CHECK_WALL[100000]}") (target <= 11x)"
	echo "targets: 1M check <= 30 s wall and <= 2048 MiB; opa/syncaudit eval >= 5x at 100k"
fi
