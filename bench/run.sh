#!/usr/bin/env bash
# Benchmark dermis against Hugo on equivalent generated corpora.
#
#   bash bench/run.sh [SIZES...]        (default: 1000 10000)
#
# Environment:
#   DERMIS_BIN   use this dermis binary and skip `cargo build --release`
#   BENCH_RUNS   timed runs per command (default 10 below 5,000 pages, else 5)
#   BENCH_WARMUP warmup runs per command (default 1)
#   BENCH_SEED   corpus seed (default 1)
#   BENCH_KEEP=1 keep the temporary corpora and outputs (path is printed)
#   BENCH_RESULT where to write the Markdown report (default bench/results/latest.md)
#   BENCH_TMPDIR where corpora and outputs go (default /dev/shm when it is a
#                writable tmpfs, else ${TMPDIR:-/tmp}); see README.md
#
# Prints a Markdown report to stdout and writes it to $BENCH_RESULT.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
if [ "$#" -gt 0 ]; then SIZES=("$@"); else SIZES=(1000 10000); fi
WARMUP=${BENCH_WARMUP:-1}
SEED=${BENCH_SEED:-1}
RESULT=${BENCH_RESULT:-$HERE/results/latest.md}

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

for n in "${SIZES[@]}"; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "corpus size must be a positive integer, got '$n'"
done

# --- tools -----------------------------------------------------------------
missing=()
command -v hugo >/dev/null 2>&1 || missing+=(hugo)
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
# shellcheck source=bench/common.sh
. "$HERE/common.sh"
install_missing ${missing[@]+"${missing[@]}"}

find_dermis
HUGO=$(command -v hugo)

if [ -n "${BENCH_TMPDIR:-}" ]; then
    tmp_base=$BENCH_TMPDIR
elif [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
    tmp_base=/dev/shm
else
    tmp_base=${TMPDIR:-/tmp}
fi
WORK=$(mktemp -d "$tmp_base/dermis-bench.XXXXXX")
work_fs=$(stat -f -c %T "$WORK" 2>/dev/null || echo "?")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
    log "keeping work directory $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi

# --- machine and versions --------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
[ -n "$cpu" ] || cpu=$(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo "?")
dermis_version=$("$DERMIS" --version 2>/dev/null | head -1 || true)
[ -n "$dermis_version" ] || dermis_version="(no --version)"
dermis_rev=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?")
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -v '^?? bench/' || true)" ]; then
    dermis_rev="$dermis_rev (work tree has changes)"
fi
hugo_version=$("$HUGO" version | head -1)
hyperfine_version=$(hyperfine --version | head -1)

# --- helpers ---------------------------------------------------------------
max_rss_mib() { # /usr/bin/time -v output file -> MiB
    awk -F': *' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"
}
count_index() { find "$1" -name index.html -type f | wc -l | tr -d ' '; }
count_files() { find "$1" -type f | wc -l | tr -d ' '; }
cpu_busy() { # busy jiffies of all CPUs since boot
    awk '/^cpu / {print $2+$3+$4+$7+$8+$9; exit}' /proc/stat
}
size_mib() { du -sk "$1" | awk '{printf "%.1f", $1/1024}'; }

rows=()
notes=()

for n in "${SIZES[@]}"; do
    if [ -n "${BENCH_RUNS:-}" ]; then runs=$BENCH_RUNS
    elif [ "$n" -lt 5000 ]; then runs=10
    else runs=5
    fi
    corpus=$WORK/corpus-$n
    d_out=$WORK/out-$n-dermis
    h_out=$WORK/out-$n-hugo
    log ""
    log "=== $n pages: generating corpus"
    python3 "$HERE/gen_corpus.py" --pages "$n" --out "$corpus" --seed "$SEED"

    # One checked build of each, under /usr/bin/time -v for peak memory.
    log "=== $n pages: checked build + peak memory"
    # dermis keeps a cache in .dermis-cache/ of the site folder; a cold build
    # has none, so it goes with the output before every build.
    rm -rf "$d_out" "$corpus/dermis/.dermis-cache"
    if ! /usr/bin/time -v -o "$WORK/time-$n-dermis.txt" \
        "$DERMIS" build --root "$corpus/dermis" --output "$d_out" >"$WORK/log-$n-dermis.txt" 2>&1; then
        cat "$WORK/log-$n-dermis.txt" >&2
        die "dermis failed to build the $n-page corpus"
    fi
    rm -rf "$h_out"
    if ! /usr/bin/time -v -o "$WORK/time-$n-hugo.txt" \
        "$HUGO" --source "$corpus/hugo" --destination "$h_out" --cleanDestinationDir >"$WORK/log-$n-hugo.txt" 2>&1; then
        cat "$WORK/log-$n-hugo.txt" >&2
        die "hugo failed to build the $n-page corpus"
    fi
    if grep -Eq 'WARN|ERROR' "$WORK/log-$n-hugo.txt"; then
        cat "$WORK/log-$n-hugo.txt" >&2
        die "hugo reported warnings or errors on the $n-page corpus"
    fi
    d_rss=$(max_rss_mib "$WORK/time-$n-dermis.txt")
    h_rss=$(max_rss_mib "$WORK/time-$n-hugo.txt")
    d_pages=$(count_index "$d_out"); h_pages=$(count_index "$h_out")
    d_files=$(count_files "$d_out"); h_files=$(count_files "$h_out")
    d_size=$(size_mib "$d_out"); h_size=$(size_mib "$h_out")
    d_lines=$(grep -c . "$WORK/log-$n-dermis.txt" || true)
    notes+=("- $n pages: dermis wrote $d_pages index.html files ($d_files files, $d_size MiB); Hugo wrote $h_pages index.html files ($h_files files, $h_size MiB). dermis printed $d_lines line(s) on the checked build.")
    if [ "$d_lines" -gt 0 ]; then
        log "--- dermis output on the checked build (first 20 lines):"
        head -20 "$WORK/log-$n-dermis.txt" >&2
    fi

    # Timed runs. Each run starts from an absent output directory and no
    # dermis cache (removed in --prepare, outside the timing), so both tools
    # do a full build into an empty destination every time.
    load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
    log "=== $n pages: hyperfine --warmup $WARMUP --runs $runs (load average $load_before)"
    cpu_before=$(cpu_busy); t_before=$(date +%s.%N)
    hyperfine -N --warmup "$WARMUP" --runs "$runs" \
        --export-json "$WORK/hyperfine-$n.json" \
        --prepare "rm -rf $d_out $corpus/dermis/.dermis-cache" --prepare "rm -rf $h_out" \
        --command-name dermis "$DERMIS build --root $corpus/dermis --output $d_out" \
        --command-name hugo "$HUGO --quiet --source $corpus/hugo --destination $h_out --cleanDestinationDir" >&2
    cpu_after=$(cpu_busy); t_after=$(date +%s.%N)

    row=$(python3 - "$WORK/hyperfine-$n.json" "$n" "$d_rss" "$h_rss" "$d_pages" "$h_pages" "$runs" <<'PY'
import json, sys
path, n, d_rss, h_rss, d_pages, h_pages, runs = sys.argv[1:]
res = {r["command"]: r for r in json.load(open(path))["results"]}
d, h = res["dermis"], res["hugo"]
def fmt(r):
    m, s = r["mean"], r["stddev"] or 0.0
    return f"{m*1000:.0f} ± {s*1000:.0f} ms" if m < 10 else f"{m:.2f} ± {s:.2f} s"
ratio = h["mean"] / d["mean"]
verdict = f"dermis is {ratio:.2f}× faster" if ratio >= 1 else f"dermis is {1/ratio:.2f}× slower"
d_cpu, h_cpu = d["user"] + d["system"], h["user"] + h["system"]
cpu = f"{d_cpu:.2f} s / {h_cpu:.2f} s ({h_cpu / d_cpu:.2f}×)"
print(f"| {int(n):,} | {fmt(d)} | {fmt(h)} | {ratio:.2f} ({verdict}) | {cpu} | {d_rss} MiB | {h_rss} MiB | {d_pages} / {h_pages} | {runs} |")
PY
)
    rows+=("$row")
    # CPU time the machine spent over the timed runs that the two builds do
    # not account for: a sign that something else was running.
    other=$(python3 - "$WORK/hyperfine-$n.json" "$cpu_before" "$cpu_after" "$t_before" "$t_after" "$WARMUP" "$(getconf CLK_TCK)" "$(nproc)" <<'PY'
import json, sys
path, c0, c1, t0, t1, warmup, hz, ncpu = sys.argv[1:]
results = json.load(open(path))["results"]
own = sum((r["user"] + r["system"]) * (len(r["times"]) + int(warmup)) for r in results)
busy = (int(c1) - int(c0)) / int(hz)
wall = float(t1) - float(t0)
other = max(0.0, busy - own)
print(f"{other:.1f} CPU-s of {wall * int(ncpu):.0f} available ({100 * other / (wall * int(ncpu)):.0f} %)")
PY
)
    notes+=("- $n pages: timed runs took $(awk -v a="$t_before" -v b="$t_after" 'BEGIN{printf "%.0f", b-a}') s; CPU time not accounted for by the two builds: $other (includes hyperfine and the \`rm -rf\` between runs; much more than a few % means something else was busy). Load average before: $load_before.")
done

report=$(
    echo "# dermis vs Hugo"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bash bench/run.sh ${SIZES[*]}\` (seed $SEED, $WARMUP warmup run(s))."
    echo
    echo "| pages | dermis mean ± σ | Hugo mean ± σ | ratio (Hugo / dermis) | CPU time, user+sys (dermis / Hugo) | dermis max RSS | Hugo max RSS | index.html (dermis / Hugo) | runs |"
    echo "| ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "Wall-clock time of a full build into an empty output directory, measured by hyperfine in the same run;"
    echo "CPU time is hyperfine's mean user + system time per build (all threads; less sensitive than wall-clock"
    echo "time to other load on the machine); max RSS is from one separate run of each under \`/usr/bin/time -v\`."
    echo
    printf '%s\n' "${notes[@]}"
    echo
    echo "## Machine and tools"
    echo
    echo "- CPU: ${cpu:-unknown}; nproc: $(nproc); memory: $mem; kernel: $(uname -sr)"
    echo "- corpora and outputs on $tmp_base ($work_fs)"
    echo "- dermis: $dermis_version, commit $dermis_rev ($DERMIS)"
    echo "- Hugo: $hugo_version"
    echo "- $hyperfine_version; $(python3 --version 2>&1)"
)

mkdir -p "$(dirname "$RESULT")"
printf '%s\n' "$report" >"$RESULT"
printf '%s\n' "$report"
log ""
log "report written to $RESULT"
