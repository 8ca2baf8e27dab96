#!/usr/bin/env bash
# dermis vs Hugo in one run: cold builds (tmpfs and disk), warm rebuilds after
# one edit, and save-to-reload latency of the dev servers (issue 14).
#
#   bash bench/rebuilds.sh [--serve-all] [--only cold,warm,serve] [SIZES...]
#
# SIZES default to 1000 10000 100000 articles. Serve latency is measured at
# sizes up to 10,000 only, unless --serve-all. --only runs a subset of the
# three parts. See bench/README.md ("Cold, warm and serve") for the method.
#
# Environment:
#   DERMIS_BIN         use this dermis binary and skip `cargo build --release`
#   BENCH_FILESYSTEMS  where the cold builds run (default "/dev/shm /tmp")
#   BENCH_COLD_RUNS    timed runs per tool and size (default 10 below 5,000
#                      articles, 5 below 50,000, else 3); BENCH_WARM_RUNS alike
#   BENCH_WARMUP       warmup runs (default 1)
#   BENCH_WARM_KINDS   edits of the warm rebuilds (default "prose"; also title, fact)
#   BENCH_EDITS        edits per kind in the serve part (default 8)
#   BENCH_HUGO_SERVE   Hugo server modes (default "fast full": default fast
#                      render mode, and --disableFastRender)
#   BENCH_SEED         corpus seed (default 1)
#   BENCH_KEEP=1       keep the corpora and outputs (paths are printed)
#   BENCH_RESULT       report path (default bench/results/rebuilds-latest.md)
#
# Prints a Markdown report to stdout and writes it to $BENCH_RESULT; progress
# and tool output go to stderr.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
COMMAND_LINE="bash bench/rebuilds.sh $*"

log() { printf '%s\n' "$*" >&2; }
die() { log "rebuilds.sh: $*"; exit 1; }

SERVE_ALL=0
PARTS="cold,warm,serve"
SIZES=()
while [ "$#" -gt 0 ]; do
    case "$1" in
        --serve-all) SERVE_ALL=1 ;;
        --only) [ "$#" -ge 2 ] || die "--only needs a list (cold,warm,serve)"; PARTS=$2; shift ;;
        --only=*) PARTS=${1#--only=} ;;
        -h|--help) sed -n '2,26p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) die "unknown option $1" ;;
        *) [[ "$1" =~ ^[1-9][0-9]*$ ]] || die "a size must be a positive integer, got '$1'"; SIZES+=("$1") ;;
    esac
    shift
done
[ "${#SIZES[@]}" -gt 0 ] || SIZES=(1000 10000 100000)
for part in ${PARTS//,/ }; do
    case "$part" in cold|warm|serve) ;; *) die "unknown part '$part' (cold, warm, serve)" ;; esac
done
wants() { [[ ",$PARTS," == *",$1,"* ]]; }

read -r -a FILESYSTEMS <<<"${BENCH_FILESYSTEMS:-/dev/shm /tmp}"
WARMUP=${BENCH_WARMUP:-1}
SEED=${BENCH_SEED:-1}
EDITS=${BENCH_EDITS:-8}
read -r -a WARM_KINDS <<<"${BENCH_WARM_KINDS:-prose}"
read -r -a HUGO_SERVE <<<"${BENCH_HUGO_SERVE:-fast full}"
RESULT=${BENCH_RESULT:-$HERE/results/rebuilds-latest.md}

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
NO_CACHE=0
"$DERMIS" build --help 2>/dev/null | grep -q -- --no-cache && NO_CACHE=1

# --- work directories, one per filesystem ------------------------------------
declare -A WORK_OF
WORKS=()
cleanup() { [ "${#WORKS[@]}" -eq 0 ] || rm -rf "${WORKS[@]}"; }
if [ "${BENCH_KEEP:-0}" != 1 ]; then trap cleanup EXIT; fi
for fs in "${FILESYSTEMS[@]}"; do
    [ -d "$fs" ] && [ -w "$fs" ] || die "not a writable folder: $fs"
    WORK_OF[$fs]=$(mktemp -d "$fs/dermis-rebuilds.XXXXXX")
    WORKS+=("${WORK_OF[$fs]}")
    [ "${BENCH_KEEP:-0}" = 1 ] && log "keeping work directory ${WORK_OF[$fs]}"
done
# Warm rebuilds and serve latency run on the first filesystem (tmpfs by default).
MAIN_FS=${FILESYSTEMS[0]}
fs_type() { # folder -> "tmpfs", "ext4" (the mount on top when several are stacked)
    local t
    t=$(findmnt -n -o FSTYPE -T "$1" 2>/dev/null | tail -1 || true)
    printf '%s' "${t:-$(stat -f -c %T "$1" 2>/dev/null || echo "?")}"
}
fs_desc() { # folder -> "tmpfs (rw,relatime,...)"
    local o
    o=$(findmnt -n -o FSTYPE,OPTIONS -T "$1" 2>/dev/null | tail -1 | awk '{print $1" ("$2")"}' || true)
    printf '%s' "${o:-$(fs_type "$1")}"
}

# --- helpers ---------------------------------------------------------------
max_rss_mib() { awk -F': *' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
time_cpu_s() { awk -F': *' '/User time|System time/ {s += $2} END {printf "%.3f", s}' "$1"; }
count_index() { find "$1" -name index.html -type f | wc -l | tr -d ' '; }
count_files() { find "$1" -type f | wc -l | tr -d ' '; }
size_mib() { du -sk "$1" | awk '{printf "%.1f", $1/1024}'; }
cpu_busy() { # "busy steal": jiffies of all CPUs since boot, busy in this machine (user, nice,
    # system, irq, softirq) and stolen by the host for other machines
    awk '/^cpu / {print $2+$3+$4+$7+$8, $9; exit}' /proc/stat
}
now() { date +%s.%N; }
load() { cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?"; }
runs_for() { # size, override
    if [ -n "$2" ]; then echo "$2"
    elif [ "$1" -lt 5000 ]; then echo 10
    elif [ "$1" -lt 50000 ]; then echo 5
    else echo 3
    fi
}
corpus_for() { # filesystem, size -> corpus folder (generated once)
    local c=${WORK_OF[$1]}/corpus-$2
    if [ ! -d "$c" ]; then
        log "=== $2 articles: generating the corpus on $1"
        python3 "$HERE/gen_corpus.py" --pages "$2" --out "$c" --seed "$SEED" >&2
    fi
    printf '%s' "$c"
}
hugo_checked() { # log file: Hugo must not warn
    if grep -Eq 'WARN|ERROR' "$1"; then cat "$1" >&2; die "hugo reported warnings or errors (see above)"; fi
}

cold_rows=(); warm_rows=(); serve_json=${WORK_OF[$MAIN_FS]}/serve.jsonl; notes=()
: >"$serve_json"

# --- 1. cold builds ----------------------------------------------------------
cold() { # filesystem, size
    local fs=$1 n=$2 w=${WORK_OF[$1]} corpus d_out h_out runs
    corpus=$(corpus_for "$fs" "$n")
    d_out=$w/cold-$n-dermis; h_out=$w/cold-$n-hugo
    runs=$(runs_for "$n" "${BENCH_COLD_RUNS:-}")
    log "=== cold, $n articles on $fs: checked build of each under /usr/bin/time -v"
    rm -rf "$d_out" "$corpus/dermis/.dermis-cache"
    /usr/bin/time -v -o "$w/time-$n-dermis.txt" "$DERMIS" build --root "$corpus/dermis" --output "$d_out" \
        >"$w/log-$n-dermis.txt" 2>&1 || { tail -20 "$w/log-$n-dermis.txt" >&2; die "dermis failed on $n articles"; }
    rm -rf "$h_out"
    /usr/bin/time -v -o "$w/time-$n-hugo.txt" "$HUGO" --source "$corpus/hugo" --destination "$h_out" \
        --cleanDestinationDir >"$w/log-$n-hugo.txt" 2>&1 || { tail -20 "$w/log-$n-hugo.txt" >&2; die "hugo failed on $n articles"; }
    hugo_checked "$w/log-$n-hugo.txt"
    local d_pages h_pages
    d_pages=$(count_index "$d_out"); h_pages=$(count_index "$h_out")
    notes+=("- cold, $n articles on $fs: dermis wrote $d_pages index.html ($(count_files "$d_out") files, $(size_mib "$d_out") MiB), Hugo $h_pages index.html ($(count_files "$h_out") files, $(size_mib "$h_out") MiB).")
    log "=== cold, $n articles on $fs: hyperfine --warmup $WARMUP --runs $runs (load $(load))"
    # Every run starts from no output and no dermis cache; `sync` first, so
    # writeback of the previous run's files does not overlap this one.
    local b0 b1 s0 s1 t0 t1
    read -r b0 s0 < <(cpu_busy); t0=$(now)
    hyperfine -N --warmup "$WARMUP" --runs "$runs" --export-json "$w/cold-$n.json" \
        --prepare "bash -c 'rm -rf $d_out $corpus/dermis/.dermis-cache && sync'" \
        --prepare "bash -c 'rm -rf $h_out && sync'" \
        --command-name dermis "$DERMIS build --root $corpus/dermis --output $d_out" \
        --command-name hugo "$HUGO --quiet --source $corpus/hugo --destination $h_out --cleanDestinationDir" >&2
    read -r b1 s1 < <(cpu_busy); t1=$(now)
    cold_rows+=("$(python3 "$HERE/report_rows.py" cold "$w/cold-$n.json" "$n" "$fs ($(fs_type "$fs"))" \
        "$(max_rss_mib "$w/time-$n-dermis.txt")" "$(max_rss_mib "$w/time-$n-hugo.txt")" "$d_pages" "$h_pages" "$runs")")
    local own; own=$(python3 "$HERE/report_rows.py" own "$w/cold-$n.json" "$WARMUP")
    notes+=("- cold, $n articles on $fs: CPU time not accounted for by the two tools over the timed runs: $(python3 "$HERE/report_rows.py" other "$b0" "$b1" "$s0" "$s1" "$t0" "$t1" "$own").")
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$d_out" "$h_out"
}

# --- 2. warm rebuilds after one edit -------------------------------------------
warm() { # size, kind
    local n=$1 kind=$2 w=${WORK_OF[$MAIN_FS]} corpus site d_out h_out runs
    corpus=$(corpus_for "$MAIN_FS" "$n")
    site=$w/warm-$n-$kind; d_out=$w/warm-$n-$kind-dermis-out; h_out=$w/warm-$n-$kind-hugo-out
    runs=$(runs_for "$n" "${BENCH_WARM_RUNS:-}")
    rm -rf "$site"; mkdir -p "$site"
    cp -a "$corpus/dermis" "$corpus/hugo" "$site/"
    rm -rf "$site/dermis/.dermis-cache"
    log "=== warm ($kind edit), $n articles: first builds"
    "$DERMIS" build --root "$site/dermis" --output "$d_out" >"$w/warm-$n-first.txt" 2>&1 \
        || { tail -20 "$w/warm-$n-first.txt" >&2; die "dermis failed on $n articles"; }
    "$HUGO" --source "$site/hugo" --destination "$h_out" >"$w/warm-$n-hugo-first.txt" 2>&1 \
        || { tail -20 "$w/warm-$n-hugo-first.txt" >&2; die "hugo failed on $n articles"; }
    hugo_checked "$w/warm-$n-hugo-first.txt"
    local cache="no .dermis-cache after the first build"
    [ -d "$site/dermis/.dermis-cache" ] && cache=".dermis-cache $(size_mib "$site/dermis/.dermis-cache") MiB after the first build"
    # Each timed build follows one edit of one article (a new article each time,
    # see corpus_edits.py), made in --prepare, outside the timing. The output
    # folder and dermis's cache stay from the previous build.
    local edit="python3 $HERE/corpus_edits.py --kind $kind"
    local cmds=(--prepare "$edit --site $site/dermis --state $w/warm-$n-$kind-dermis.state"
        --command-name dermis "$DERMIS build --root $site/dermis --output $d_out")
    if [ "$NO_CACHE" = 1 ]; then
        echo 1000 >"$w/warm-$n-$kind-nocache.state"
        cmds+=(--prepare "$edit --site $site/dermis --state $w/warm-$n-$kind-nocache.state"
            --command-name dermis-no-cache "$DERMIS build --no-cache --root $site/dermis --output $d_out")
    fi
    cmds+=(--prepare "$edit --site $site/hugo --state $w/warm-$n-$kind-hugo.state"
        --command-name hugo "$HUGO --quiet --source $site/hugo --destination $h_out")
    log "=== warm ($kind edit), $n articles: hyperfine --warmup $WARMUP --runs $runs (load $(load))"
    local b0 b1 s0 s1 t0 t1
    read -r b0 s0 < <(cpu_busy); t0=$(now)
    hyperfine -N --warmup "$WARMUP" --runs "$runs" --export-json "$w/warm-$n-$kind.json" "${cmds[@]}" >&2
    read -r b1 s1 < <(cpu_busy); t1=$(now)
    # The last edit must show in each tool's output.
    local fresh=""
    python3 "$HERE/corpus_edits.py" --site "$site/hugo" --kind "$kind" \
        --state "$w/warm-$n-$kind-hugo.state" --check "$h_out" || fresh="Hugo's output does not show the last edit! "
    local last_state=$w/warm-$n-$kind-dermis.state
    [ "$NO_CACHE" = 1 ] && last_state=$w/warm-$n-$kind-nocache.state
    python3 "$HERE/corpus_edits.py" --site "$site/dermis" --kind "$kind" \
        --state "$last_state" --check "$d_out" || fresh+="dermis's output does not show the last edit! "
    warm_rows+=("$(python3 "$HERE/report_rows.py" warm "$w/warm-$n-$kind.json" "$n" "$runs") $kind |")
    local own; own=$(python3 "$HERE/report_rows.py" own "$w/warm-$n-$kind.json" "$WARMUP")
    notes+=("- warm ($kind), $n articles: ${fresh}$cache; edits made per tool: $(( $(cat "$w/warm-$n-$kind-hugo.state") )); CPU time not accounted for by the tools over the timed runs: $(python3 "$HERE/report_rows.py" other "$b0" "$b1" "$s0" "$s1" "$t0" "$t1" "$own") (includes the Python edit before each run).")
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$site" "$d_out" "$h_out"
}

# --- 3. serve: save-to-reload latency ------------------------------------------
serve_one() { # size, tool, label, extra args...
    local n=$1 tool=$2 label=$3 w=${WORK_OF[$MAIN_FS]} corpus bin site
    shift 3
    corpus=$(corpus_for "$MAIN_FS" "$n")
    if [ "$tool" = dermis ]; then bin=$DERMIS; site=$corpus/dermis; else bin=$HUGO; site=$corpus/hugo; fi
    log "=== serve, $n articles: $label ($EDITS edits of each kind; load $(load))"
    local b0 b1 s0 s1 t0 t1
    read -r b0 s0 < <(cpu_busy); t0=$(now)
    /usr/bin/time -v -o "$w/serve-$n-$label.time" python3 "$HERE/reload_latency.py" --tool "$tool" --bin "$bin" \
        --site "$site" --edits "$EDITS" --label "$label" --json "$serve_json" "$@" \
        || die "the serve measurement of $label failed at $n articles"
    read -r b1 s1 < <(cpu_busy); t1=$(now)
    notes+=("- serve, $n articles, $label: peak RSS $(max_rss_mib "$w/serve-$n-$label.time") MiB (server, or the Python driver if larger); CPU time not accounted for by the server and the driver: $(python3 "$HERE/report_rows.py" other "$b0" "$b1" "$s0" "$s1" "$t0" "$t1" "$(time_cpu_s "$w/serve-$n-$label.time")").")
}
serve() { # size
    serve_one "$1" dermis dermis
    for mode in "${HUGO_SERVE[@]}"; do
        case "$mode" in
            fast) serve_one "$1" hugo hugo ;;
            full) serve_one "$1" hugo hugo-full --hugo-arg=--disableFastRender ;;
            *) die "unknown BENCH_HUGO_SERVE mode '$mode' (fast, full)" ;;
        esac
    done
}

# --- run -----------------------------------------------------------------------
started=$(date -u '+%Y-%m-%d %H:%M UTC')
for n in "${SIZES[@]}"; do
    if wants cold; then for fs in "${FILESYSTEMS[@]}"; do cold "$fs" "$n"; done; fi
    if wants warm; then for kind in "${WARM_KINDS[@]}"; do warm "$n" "$kind"; done; fi
    if wants serve && { [ "$SERVE_ALL" = 1 ] || [ "$n" -le 10000 ]; }; then serve "$n"; fi
    # Corpora are large at 100k; keep only what a later size does not need.
    if [ "${BENCH_KEEP:-0}" != 1 ]; then for fs in "${FILESYSTEMS[@]}"; do rm -rf "${WORK_OF[$fs]}/corpus-$n"; done; fi
done

# --- report ----------------------------------------------------------------------
cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || true)
mem=$(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo "?")
dermis_version=$("$DERMIS" --version 2>/dev/null | head -1 || true)
bin_tree=$(git -C "$(dirname "$DERMIS")" rev-parse --show-toplevel 2>/dev/null || echo "$ROOT")
dermis_rev=$(git -C "$bin_tree" rev-parse --short HEAD 2>/dev/null || echo "?")
# Commits that only touch bench/ do not change the binary: name the last one that does.
src_rev=$(git -C "$bin_tree" log -1 --format=%h -- . ':(exclude)bench' 2>/dev/null || true)
[ -z "$src_rev" ] || [ "$src_rev" = "${dermis_rev%% *}" ] || dermis_rev="$dermis_rev (last change outside bench/: $src_rev)"
if [ -n "$(git -C "$bin_tree" status --porcelain 2>/dev/null | grep -v '^?? bench/' | grep -v ' bench/' || true)" ]; then
    dermis_rev="$dermis_rev (work tree has changes outside bench/)"
fi
report=$(
    echo "# dermis vs Hugo: cold builds, warm rebuilds, serve latency"
    echo
    echo "Run $started with \`${COMMAND_LINE% }\` (seed $SEED, $WARMUP warmup run(s), sizes ${SIZES[*]})."
    echo "Means and ranges of several runs on a shared, noisy machine: read the \"not accounted for\" notes."
    if wants cold; then
        echo
        echo "## Cold builds"
        echo
        echo "Full build into an empty output folder (no \`.dermis-cache\` either), timed by hyperfine; max RSS from one"
        echo "run of each under \`/usr/bin/time -v\`; CPU is hyperfine's mean user + system time per build."
        echo
        echo "| filesystem | articles | dermis mean (min–max) | Hugo mean (min–max) | Hugo / dermis | CPU dermis / Hugo | dermis max RSS | Hugo max RSS | index.html dermis / Hugo | runs |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        printf '%s\n' "${cold_rows[@]}"
    fi
    if wants warm; then
        echo
        echo "## Warm rebuilds after one edit"
        echo
        echo "Each timed build follows one edit of one article (outside the timing) and builds into the output of the"
        echo "previous build: \`dermis build\` keeping \`.dermis-cache/\`; \`dermis build --no-cache\` when the binary has it;"
        echo "\`hugo\` into its existing destination. On $MAIN_FS ($(fs_type "$MAIN_FS"))."
        echo
        echo "| articles | dermis mean (min–max) | dermis --no-cache | Hugo mean (min–max) | Hugo / dermis | Hugo / dermis --no-cache | CPU dermis / Hugo | runs | edit |"
        echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        printf '%s\n' "${warm_rows[@]}"
    fi
    if wants serve; then
        echo
        echo "## Serve: save to reload message"
        echo
        echo "Milliseconds from writing the file to the message that makes the open browser reload (dermis: SSE \`build\`"
        echo "event with a newer \`reload\` generation; Hugo: LiveReload \`reload\` over its WebSocket). Before each edit the"
        echo "article's page is fetched (the writer's open tab); after the message it is fetched again and must show the"
        echo "edit (\`stale\` counts those that did not). \`extra\` counts further reload messages within 0.5 s. Hugo's own"
        echo "rebuild is the \`Total in N ms\` Hugo prints per rebuild (dermis runs \`--quiet\` and prints none). On $MAIN_FS ($(fs_type "$MAIN_FS"))."
        echo
        echo "| articles | server | edit | median | p90 | min | max | edits | stale | extra | Hugo's own rebuild, median | start-up |"
        echo "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        python3 "$HERE/report_rows.py" serve "$serve_json"
    fi
    echo
    echo "## Notes"
    echo
    printf '%s\n' "${notes[@]}"
    echo
    echo "\"Not accounted for\" is the machine's busy CPU time (\`/proc/stat\`) over the measurement minus the user +"
    echo "system time of the measured processes: a few per cent is hyperfine, the \`rm -rf\`/\`sync\` and edits between runs;"
    echo "tens of per cent means something else was running and the figures are not to be trusted. On disk it also holds"
    echo "the kernel's own work writing the outputs back (kernel threads, not charged to the tools). \"Steal\" is time the"
    echo "hypervisor gave this machine's CPUs to other machines (not in the first figure)."
    echo
    echo "## Machine and tools"
    echo
    echo "- CPU: ${cpu:-unknown}; nproc: $(nproc); memory: $mem; kernel: $(uname -sr)"
    for fs in "${FILESYSTEMS[@]}"; do echo "- $fs: $(fs_desc "$fs")"; done
    echo "- dermis: ${dermis_version:-?}, commit $dermis_rev ($DERMIS, built $(date -u -r "$DERMIS" '+%Y-%m-%d %H:%M UTC')); \`--no-cache\`: $([ "$NO_CACHE" = 1 ] && echo yes || echo "not in this binary")"
    echo "- Hugo: $("$HUGO" version | head -1)"
    echo "- $(hyperfine --version | head -1); $(python3 --version 2>&1)"
)
mkdir -p "$(dirname "$RESULT")"
printf '%s\n' "$report" >"$RESULT"
printf '%s\n' "$report"
log ""
log "report written to $RESULT"
