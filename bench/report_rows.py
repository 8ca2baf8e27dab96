#!/usr/bin/env python3
"""Markdown rows for bench/rebuilds.sh, from hyperfine and reload_latency.py JSON.

    python3 bench/report_rows.py cold JSON ARTICLES FS D_RSS H_RSS D_PAGES H_PAGES RUNS
    python3 bench/report_rows.py warm JSON ARTICLES RUNS
    python3 bench/report_rows.py serve JSONL
    python3 bench/report_rows.py other BUSY0 BUSY1 STEAL0 STEAL1 T0 T1 OWN_CPU_S
    python3 bench/report_rows.py own JSON WARMUP

`cold` and `warm` read a hyperfine --export-json file whose commands are
named `dermis`, `hugo` and (warm, optional) `dermis-no-cache`. `other` prints
the CPU time the machine spent between two /proc/stat readings (busy
jiffies) that the measured tools did not account for (OWN_CPU_S: their user +
system seconds), and the steal time between them; `own` sums those seconds over every run of a hyperfine
export (warmups included). Standard library only.
"""

from __future__ import annotations

import json
import os
import statistics
import sys


def seconds(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"


def mean_range(r: dict) -> str:
    """`mean (min–max)` of one hyperfine result."""
    return f"{seconds(r['mean'])} ({seconds(r['min'])}–{seconds(r['max'])})"


def cpu(r: dict) -> float:
    return r["user"] + r["system"]


def results_of(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        return {r["command"]: r for r in json.load(f)["results"]}


def ratio_words(hugo: dict, dermis: dict) -> str:
    ratio = hugo["mean"] / dermis["mean"]
    return f"{ratio:.2f}" if ratio >= 1 else f"{ratio:.2f} (dermis slower)"


def cold_row(path, articles, fs, d_rss, h_rss, d_pages, h_pages, runs) -> str:
    res = results_of(path)
    d, h = res["dermis"], res["hugo"]
    cpu_cell = f"{cpu(d):.2f} s / {cpu(h):.2f} s"
    return (f"| {fs} | {int(articles):,} | {mean_range(d)} | {mean_range(h)} | {ratio_words(h, d)} | "
            f"{cpu_cell} | {d_rss} MiB | {h_rss} MiB | {d_pages} / {h_pages} | {runs} |")


def warm_row(path, articles, runs) -> str:
    res = results_of(path)
    d, h = res["dermis"], res["hugo"]
    nc = res.get("dermis-no-cache")
    nc_cell = mean_range(nc) if nc else "n/a (no `--no-cache`)"
    nc_ratio = ratio_words(h, nc) if nc else "n/a"
    cpu_cell = f"{cpu(d):.2f} s / {cpu(h):.2f} s"
    return (f"| {int(articles):,} | {mean_range(d)} | {nc_cell} | {mean_range(h)} | {ratio_words(h, d)} | "
            f"{nc_ratio} | {cpu_cell} | {runs} |")


SERVER_NAMES = {
    "dermis": "`dermis serve`",
    "hugo": "`hugo server` (fast render, default)",
    "hugo-full": "`hugo server --disableFastRender`",
}


def serve_rows(path) -> list[str]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            name = SERVER_NAMES.get(r["label"], r["label"])
            own = r.get("server_rebuild_ms") or []
            own_cell = f"{statistics.median(own):.0f}" if own else "–"
            rows.append(
                f"| {r['articles']:,} | {name} | {r['kind']} | {r['median_ms']:.0f} | {r['p90_ms']:.0f} | "
                f"{r['min_ms']:.0f} | {r['max_ms']:.0f} | {r['edits']} | {r['stale']} | {r['extra_reloads']} | "
                f"{own_cell} | {r['startup_s']:.1f} s |"
            )
    return rows


def other_cpu(busy0, busy1, steal0, steal1, t0, t1, own) -> str:
    hz = os.sysconf("SC_CLK_TCK")
    ncpu = os.cpu_count() or 1
    busy = (int(busy1) - int(busy0)) / hz
    steal = (int(steal1) - int(steal0)) / hz
    wall = float(t1) - float(t0)
    other = max(0.0, busy - float(own))
    available = wall * ncpu
    share = 100 * other / available if available > 0 else 0.0
    return f"{other:.1f} CPU-s of {available:.0f} available ({share:.0f} %), steal {steal:.1f} CPU-s"


def hyperfine_own_cpu(path, warmup) -> str:
    """User + system seconds of every run of every command, warmups included."""
    with open(path, encoding="utf-8") as f:
        results = json.load(f)["results"]
    return f"{sum(cpu(r) * (len(r['times']) + int(warmup)) for r in results):.3f}"


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    what, rest = argv[1], argv[2:]
    if what == "cold":
        print(cold_row(*rest))
    elif what == "warm":
        print(warm_row(*rest))
    elif what == "serve":
        print("\n".join(serve_rows(*rest)))
    elif what == "other":
        print(other_cpu(*rest))
    elif what == "own":
        print(hyperfine_own_cpu(*rest))
    else:
        print(f"report_rows.py: unknown row kind {what!r}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
