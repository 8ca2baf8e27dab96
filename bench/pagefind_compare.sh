#!/usr/bin/env bash
# Measure Pagefind on the output of a dermis build of the generated corpus
# (issue 11): its indexing time against the dermis build, its index on disk,
# its peak memory, and the bytes and time of queries in headless Chromium.
#
#   bash bench/pagefind_compare.sh PAGEFIND_BIN [PAGES]     (default 10000 pages)
#
# PAGEFIND_BIN is a Pagefind executable, e.g. from `npm install pagefind` in a
# scratch folder: node_modules/@pagefind/linux-x64/bin/pagefind_extended.
# Without one the script says so and exits 0 (nothing is measured).
#
# Environment:
#   DERMIS_BIN      use this dermis binary and skip `cargo build --release`
#   DERMIS_RUNS     timed dermis builds (default 5)
#   PAGEFIND_RUNS   timed Pagefind runs (default 3)
#   BENCH_WARMUP    warm-up runs of each before timing (default 0: the checked
#                   runs under /usr/bin/time come first anyway)
#   BENCH_SEED      corpus seed (default 1)
#   BENCH_QUERIES   queries, separated by `|` (default below)
#   BENCH_KEEP=1    keep the corpus and outputs (the path is printed)
#   BENCH_RESULT    report path (default bench/results/pagefind-latest.md)
#   BENCH_TMPDIR    where corpus and outputs go (default /dev/shm when it is a
#                   writable tmpfs, else ${TMPDIR:-/tmp})
#   DERMIS_TOOLS    test tools folder holding node/node_modules/playwright-core
#                   (default .test-tools); without it the query step is skipped
#   CHROMIUM_PATH   Chromium executable (default /usr/bin/chromium)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
PF_ARG=${1:-}
PAGES=${2:-10000}
D_RUNS=${DERMIS_RUNS:-5}
P_RUNS=${PAGEFIND_RUNS:-3}
WARMUP=${BENCH_WARMUP:-0}
SEED=${BENCH_SEED:-1}
RESULT=${BENCH_RESULT:-$HERE/results/pagefind-latest.md}
QUERIES=${BENCH_QUERIES:-laser|peel recovery|botulinum|generated|recovry}
TOOLS=${DERMIS_TOOLS:-$ROOT/.test-tools}
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

log() { printf '%s\n' "$*" >&2; }
die() { log "pagefind_compare.sh: $*"; exit 1; }

if [ -z "$PF_ARG" ]; then
    log "pagefind_compare.sh: no Pagefind binary given; skipping (nothing measured)."
    log "usage: bash bench/pagefind_compare.sh PAGEFIND_BIN [PAGES]"
    log "  get one with \`npm install pagefind\` in a scratch folder:"
    log "  node_modules/@pagefind/linux-x64/bin/pagefind_extended"
    exit 0
fi
[ -x "$PF_ARG" ] || die "not an executable file: $PF_ARG"
PF=$(cd "$(dirname "$PF_ARG")" && pwd)/$(basename "$PF_ARG")
[[ "$PAGES" =~ ^[1-9][0-9]*$ ]] || die "corpus size must be a positive integer, got '$PAGES'"

# --- tools -----------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null 2>&1 || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
# shellcheck source=bench/common.sh
. "$HERE/common.sh"
install_missing ${missing[@]+"${missing[@]}"}
command -v python3 >/dev/null 2>&1 || die "python3 is needed (corpus generator, report)"

find_dermis

browser_ok=1
browser_why=""
if ! command -v node >/dev/null 2>&1; then browser_ok=0; browser_why="node not found"
elif [ ! -d "$TOOLS/node/node_modules/playwright-core" ]; then browser_ok=0; browser_why="no playwright-core in $TOOLS/node/node_modules (scripts/install-test-tools.sh, or set DERMIS_TOOLS)"
elif [ ! -x "$CHROMIUM" ]; then browser_ok=0; browser_why="no Chromium at $CHROMIUM (set CHROMIUM_PATH)"
fi
[ "$browser_ok" = 1 ] || log "the query step will be skipped: $browser_why"

if [ -n "${BENCH_TMPDIR:-}" ]; then
    tmp_base=$BENCH_TMPDIR
elif [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
    tmp_base=/dev/shm
else
    tmp_base=${TMPDIR:-/tmp}
fi
WORK=$(mktemp -d "$tmp_base/dermis-pagefind.XXXXXX")
work_fs=$(stat -f -c %T "$WORK" 2>/dev/null || echo "?")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
    if [ "${BENCH_KEEP:-0}" != 1 ]; then rm -rf "$WORK"; fi
}
trap cleanup EXIT
[ "${BENCH_KEEP:-0}" = 1 ] && log "keeping work directory $WORK"

max_rss_mib() { awk -F': *' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
cpu_s() { awk -F': *' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f", u+s}' "$1"; }

corpus=$WORK/corpus
d_out=$WORK/out-dermis   # dermis's timed builds go here
site=$WORK/site          # a copy of one build, which Pagefind indexes
log "=== generating the $PAGES-article corpus"
python3 "$HERE/gen_corpus.py" --pages "$PAGES" --out "$corpus" --seed "$SEED" >&2

# --- checked runs, peak memory ---------------------------------------------
log "=== checked dermis build (/usr/bin/time -v)"
if ! /usr/bin/time -v -o "$WORK/time-dermis.txt" \
    "$DERMIS" build --root "$corpus/dermis" --output "$d_out" >"$WORK/log-dermis.txt" 2>&1; then
    tail -40 "$WORK/log-dermis.txt" >&2
    die "dermis failed to build the corpus"
fi
cp -a "$d_out" "$site"
log "=== checked Pagefind run (/usr/bin/time -v)"
if ! /usr/bin/time -v -o "$WORK/time-pagefind.txt" \
    "$PF" --site "$site" >"$WORK/log-pagefind.txt" 2>&1; then
    cat "$WORK/log-pagefind.txt" >&2
    die "pagefind failed on the built site"
fi
cat "$WORK/log-pagefind.txt" >&2
[ -f "$site/pagefind/pagefind.js" ] || die "pagefind wrote no $site/pagefind/pagefind.js"

# --- timed runs ------------------------------------------------------------
load_before=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
log "=== hyperfine: dermis build ($D_RUNS runs), then Pagefind ($P_RUNS runs); load average $load_before"
hyperfine -N --warmup "$WARMUP" --runs "$D_RUNS" --export-json "$WORK/hf-dermis.json" \
    --prepare "rm -rf $d_out" \
    --command-name "dermis build" "$DERMIS build --root $corpus/dermis --output $d_out" >&2
hyperfine -N --warmup "$WARMUP" --runs "$P_RUNS" --export-json "$WORK/hf-pagefind.json" \
    --prepare "rm -rf $site/pagefind" \
    --command-name "pagefind --site" "$PF --site $site" >&2
load_after=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")

# --- queries in the browser ------------------------------------------------
: >"$WORK/queries.jsonl"
if [ "$browser_ok" = 1 ]; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    python3 -m http.server --bind 127.0.0.1 --directory "$site" "$port" >"$WORK/http.log" 2>&1 &
    server_pid=$!
    # Wait (at most 10 s) until the server answers.
    python3 - "$port" <<'PY' || die "python3 -m http.server did not start on port $port"
import sys, time, urllib.request
deadline = time.monotonic() + 10
while True:
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/pagefind/pagefind-entry.json", timeout=1).read()
        break
    except OSError:
        if time.monotonic() > deadline:
            sys.exit(1)
        time.sleep(0.05)
PY
    IFS='|' read -r -a qs <<<"$QUERIES"
    log "=== queries in headless Chromium: ${qs[*]}"
    DERMIS_TOOLS=$TOOLS CHROMIUM_PATH=$CHROMIUM node "$HERE/pagefind_queries.mjs" \
        "http://127.0.0.1:$port" "$site" "${qs[@]}" >"$WORK/queries.jsonl"
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
fi

# --- report ----------------------------------------------------------------
report=$(python3 - "$WORK" "$PAGES" "$D_RUNS" "$P_RUNS" "$(max_rss_mib "$WORK/time-dermis.txt")" \
    "$(max_rss_mib "$WORK/time-pagefind.txt")" "$(cpu_s "$WORK/time-dermis.txt")" "$(cpu_s "$WORK/time-pagefind.txt")" \
    "$(tar -C "$d_out" -c search | gzip -9 | wc -c | tr -d ' ')" "$browser_why" <<'PY'
import json, os, re, sys
work, pages, d_runs, p_runs, d_rss, p_rss, d_cpu1, p_cpu1, d_gz, browser_why = sys.argv[1:]
def hf(name):
    return json.load(open(os.path.join(work, name)))["results"][0]
d, p = hf("hf-dermis.json"), hf("hf-pagefind.json")
def t(r):
    m, s = r["mean"], r["stddev"] or 0.0
    return f"{m * 1000:,.0f} ± {s * 1000:,.0f} ms" if m < 10 else f"{m:,.1f} ± {s:,.1f} s"
def cpu(r):
    return r["user"] + r["system"]
def tree(path):
    files = size = 0
    for base, _, names in os.walk(path):
        for n in names:
            files += 1
            size += os.path.getsize(os.path.join(base, n))
    return files, size
def mb(n):
    return f"{n / 1e6:,.1f} MB" if n >= 1e6 else f"{n / 1e3:,.1f} KB"
pf = os.path.join(work, "site", "pagefind")
total = tree(pf)
frag = tree(os.path.join(pf, "fragment"))
idx = tree(os.path.join(pf, "index"))
rest = (total[0] - frag[0] - idx[0], total[1] - frag[1] - idx[1])
site_bytes = tree(os.path.join(work, "out-dermis"))
dermis_files, dermis_index = tree(os.path.join(work, "out-dermis", "search"))
pf_log = open(os.path.join(work, "log-pagefind.txt")).read()
def grab(pattern):
    m = re.search(pattern, pf_log)
    return m.group(1) if m else "?"
out = []
w = out.append
w(f"## Pagefind on the {int(pages):,}-article corpus")
w("")
w("| | dermis build | Pagefind on its output | Pagefind / dermis |")
w("| --- | ---: | ---: | ---: |")
w(f"| wall time, mean ± σ | {t(d)} | {t(p)} | **{100 * p['mean'] / d['mean']:.0f} %** |")
w(f"| CPU time (user + sys), mean | {cpu(d):.1f} s | {cpu(p):.1f} s | {100 * cpu(p) / cpu(d):.0f} % |")
w(f"| peak RSS (`/usr/bin/time -v`) | {d_rss} MiB | {p_rss} MiB | {100 * int(p_rss) / max(int(d_rss), 1):.0f} % |")
w(f"| timed runs | {d_runs} | {p_runs} | |")
w("")
n_pages, n_words = grab(r"Indexed (\d+) pages"), grab(r"Indexed (\d+) words")
w(f"Pagefind indexed {n_pages} pages and {n_words} words. "
  f"The checked runs took {d_cpu1} s (dermis) and {p_cpu1} s (Pagefind) of CPU time.")
w("")
w("| index on disk | files | bytes |")
w("| --- | ---: | ---: |")
w(f"| Pagefind `pagefind/`, all | {total[0]:,} | {mb(total[1])} |")
w(f"| — `fragment/` (one per page: title, URL, text for excerpts; gzip) | {frag[0]:,} | {mb(frag[1])} |")
w(f"| — `index/` (word chunks; gzip) | {idx[0]:,} | {mb(idx[1])} |")
w(f"| — the rest (scripts, UI, WebAssembly, meta index) | {rest[0]:,} | {mb(rest[1])} |")
w(f"| dermis `search/` (its own sharded index) | {dermis_files:,} | {mb(dermis_index)} ({mb(int(d_gz))} as a gzip -9 tar) |")
w(f"| the dermis site without Pagefind | {site_bytes[0]:,} | {mb(site_bytes[1])} |")
w("")
rows = [json.loads(line) for line in open(os.path.join(work, "queries.jsonl")) if line.strip()]
if rows:
    def kinds(r):
        return ", ".join(f"{k} {v['files']}× {mb(v['bytes'])}" for k, v in r["kinds"].items())
    w("### Bytes per query (headless Chromium, `python3 -m http.server`, no compression)")
    w("")
    w("| query | results | first search of a visit: bytes (requests) | time | later search: bytes (requests) | time | what a later search loads |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        c, h = r["cold"], r["warm"]
        w(f"| `{r['query']}` | {c['results']:,} | {mb(c['bytes'])} ({c['requests']}) | {c['ms']:,} ms | "
          f"{mb(h['bytes'])} ({h['requests']}) | {h['ms']:,} ms | {kinds(h) or 'nothing'} |")
    wu = rows[0]["warmup"]
    bad = sum(r["cold"]["mismatches"] + r["warm"]["mismatches"] for r in rows)
    w("")
    w(f"A first search also loads what every search needs once per visit: {kinds(wu)} "
      f"({mb(wu['bytes'])} in {wu['requests']} requests). Times run from importing `pagefind.js` "
      "(first search) or from calling `search()` (later search) until the first five results' "
      "fragments are loaded, as Pagefind's UI shows them; one query at a time, not as typed. "
      f"Size checks against the files on disk: {bad} mismatch(es).")
else:
    w(f"(Query step skipped: {browser_why}.)")
print("\n".join(out))
PY
)

report=$(
    printf '%s\n' "$report"
    echo
    echo "Run $(date -u '+%Y-%m-%d %H:%M UTC') with \`bash bench/pagefind_compare.sh PAGEFIND_BIN $PAGES\` (seed $SEED); load average $load_before before the timed runs, $load_after after."
    echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo); files on $tmp_base ($work_fs)."
    echo "dermis: $("$DERMIS" --version 2>/dev/null | head -1), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo "?"); $("$PF" --version | head -1) ($PF); $(hyperfine --version | head -1)."
)
mkdir -p "$(dirname "$RESULT")"
printf '%s\n' "$report" >"$RESULT"
printf '%s\n' "$report"
log ""
log "report written to $RESULT"
