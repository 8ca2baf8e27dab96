#!/usr/bin/env python3
"""Time from saving an article to the live-reload message of `dermis serve`.

    python3 bench/serve_latency.py --dermis target/release/dermis --site DIR [--edits 15] [--pause 0.3] [--print]

Copies the site to a temporary folder, starts `dermis serve --port 0` on it,
listens to its event stream (/__dermis/events), then edits one article at a
time (a sentence appended to the body) and measures, for each save, the time
until a `build` event with a newer `reload` generation arrives: watcher
latency, debounce, rebuild and publish together. Prints the median, p90, min and max in milliseconds.
Runs `serve --quiet` unless `--print` (then what serve prints goes to a file, as
an editor's terminal would take it).
"""
import argparse, http.client, json, os, queue, re, shutil, statistics, subprocess, sys, tempfile, threading, time


def listen(port, events):
    """Puts (time, "reload") on `events` for every `build` event whose `reload`
    generation is newer than the last one seen (the first, sent on
    connection, as "hello"); a legacy `reload` event counts too."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/__dermis/events", headers={"Host": f"127.0.0.1:{port}"})
    resp = conn.getresponse()
    name, last = None, None
    while True:
        line = resp.fp.readline()
        if not line:
            return
        line = line.decode("utf-8", "replace").strip()
        if line.startswith("event: "):
            name = line[7:]
            if name in ("hello", "reload"):
                events.put((time.perf_counter(), name))
        elif line.startswith("data: ") and name == "build":
            reload = json.loads(line[6:]).get("reload", 0)
            if last is None:
                events.put((time.perf_counter(), "hello"))
            elif reload > last:
                events.put((time.perf_counter(), "reload"))
            last = reload if last is None else max(last, reload)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dermis", required=True)
    ap.add_argument("--site", required=True)
    ap.add_argument("--edits", type=int, default=15)
    ap.add_argument("--pause", type=float, default=0.3,
                    help="seconds between a reload and the next edit (serve may still be making the search index)")
    ap.add_argument("--print", action="store_true",
                    help="run serve as an editor does, without --quiet (what it prints goes to a file)")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="dermis-latency-")
    site = os.path.join(work, "site")
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", "target", ".git", ".test-tools"))
    command = [os.path.abspath(args.dermis), "serve", "--port", "0"] + ([] if args.print else ["--quiet"])
    printed = open(os.path.join(work, "stderr.txt"), "w") if args.print else subprocess.DEVNULL
    server = subprocess.Popen(command, cwd=site, stdout=subprocess.PIPE, stderr=printed, text=True)
    try:
        port = None
        for line in server.stdout:
            m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if m:
                port = int(m.group(1))
                break
        # The rest of stdout (rebuild lines without --quiet) is read and dropped.
        threading.Thread(target=lambda: [None for _ in server.stdout], daemon=True).start()
        if port is None:
            sys.exit("serve did not start")
        threading.Thread(target=lambda: [None for _ in iter(server.stdout.readline, "")], daemon=True).start()
        events = queue.Queue()
        threading.Thread(target=listen, args=(port, events), daemon=True).start()
        assert events.get(timeout=30)[1] == "hello"
        articles = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(site, "content"))
                          for f in fs if f.endswith(".md") and not f.startswith("_"))
        latencies = []
        for i in range(args.edits):
            path = articles[(i * 7919) % len(articles)]
            with open(path, "a", encoding="utf-8") as f:
                f.write(f"\n\nEdit number {i} of the latency benchmark.\n")
            saved = time.perf_counter()
            while True:
                at, kind = events.get(timeout=60)
                if kind == "reload" and at >= saved:
                    break
            latencies.append((at - saved) * 1000)
            time.sleep(args.pause)
        latencies.sort()
        p90 = latencies[max(0, int(round(0.9 * len(latencies))) - 1)]
        print(f"edits={len(latencies)} median={statistics.median(latencies):.0f} ms p90={p90:.0f} ms "
              f"min={latencies[0]:.0f} ms max={latencies[-1]:.0f} ms")
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
