#!/usr/bin/env bash
# Whole-process comparison: `customer-value summarize` against the DuckDB peer (Peers/DuckDbSummary), same file, same
# run, runs alternated, medians of wall time and peak memory (GNU time), and the ratio. Anyone can run it:
#
#   benchmarks/peer-compare.sh [RUNS] [CUSTOMERS]      (defaults: 3 runs, 4,700,000 customers = 11,052,400 rows)
#
# Needs the .NET 10 SDK, python3 with numpy (to generate the seeded log once; see Peers/synthetic_txlog.py) and
# /usr/bin/time. The log and the outputs go to benchmarks/.data (ignored by git). Both programs write the summary in
# days with observation end 2020-12-31; the script checks that they give the same customers and sums.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs="${1:-3}"
customers="${2:-4700000}"
data="$here/.data"
mkdir -p "$data"
log="$data/synth_txlog_${customers}_seed7.csv"
if [ ! -s "$log" ]; then
  echo "generating $log (seeded, numpy default_rng(7)) ..." >&2
  python3 "$here/Peers/synthetic_txlog.py" "$log.tmp" "$customers" >&2
  mv "$log.tmp" "$log"
fi

echo "building (Release) ..." >&2
dotnet build "$root/src/CustomerValue.Cli" -c Release -v q -nologo >/dev/null
dotnet build "$here/Peers/DuckDbSummary" -c Release -v q -nologo >/dev/null
ours=("$root/src/CustomerValue.Cli/bin/Release/net10.0/customer-value" summarize --transactions "$log" --calibration-end 2020-12-31 --time-unit day --output "$data/ours.csv")
peer=("$here/Peers/DuckDbSummary/bin/Release/net10.0/duckdb-summary" "$log" 2020-12-31 "$data/duckdb.csv")

measure() { # prints "seconds kib"
  /usr/bin/time -o "$data/time.txt" -f "%e %M" "$@" >/dev/null 2>"$data/stderr.txt" || { cat "$data/stderr.txt" >&2; exit 1; }
  tail -1 "$data/time.txt"
}

declare -a ours_s ours_k peer_s peer_k
for ((i = 1; i <= runs; i++)); do
  read -r s k < <(measure "${ours[@]}"); ours_s+=("$s"); ours_k+=("$k")
  read -r s k < <(measure "${peer[@]}"); peer_s+=("$s"); peer_k+=("$k")
  echo "run $i: customer-value ${ours_s[-1]} s ${ours_k[-1]} KiB | duckdb ${peer_s[-1]} s ${peer_k[-1]} KiB" >&2
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
sums() { awk -F, 'NR > 1 {n++; f += $2; r += $3; t += $4} END {printf "%d %d %d %d", n, f, r, t}' "$1"; }
mo=$(median "${ours_s[@]}"); mp=$(median "${peer_s[@]}")
ko=$(median "${ours_k[@]}"); kp=$(median "${peer_k[@]}")
rows=$(($(wc -l < "$log") - 1))
so=$(sums "$data/ours.csv"); sp=$(sums "$data/duckdb.csv")
read -r n_ours _ <<<"$so"

echo
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "log: $rows rows, $n_ours customers; $runs alternated runs, medians"
printf '%-34s %10s %14s %12s\n' "whole process" "wall (s)" "peak (MiB)" "B/customer"
printf '%-34s %10s %14.0f %12.0f\n' "customer-value summarize" "$mo" "$(echo "$ko / 1024" | bc -l)" "$(echo "$ko * 1024 / $n_ours" | bc -l)"
printf '%-34s %10s %14.0f %12.0f\n' "DuckDB (one query over read_csv)" "$mp" "$(echo "$kp / 1024" | bc -l)" "$(echo "$kp * 1024 / $n_ours" | bc -l)"
printf 'ratio DuckDB / customer-value: %.2fx faster\n' "$(echo "$mp / $mo" | bc -l)"
if [ "$so" = "$sp" ]; then echo "outputs agree: customers, sum frequency, sum recency, sum T = $so"; else echo "OUTPUTS DIFFER: ours $so, duckdb $sp"; exit 1; fi
