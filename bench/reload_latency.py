#!/usr/bin/env python3
"""Save-to-reload latency of `dermis serve` and `hugo server`, by kind of edit.

    python3 bench/reload_latency.py --tool dermis --bin target/release/dermis --site DIR/dermis
    python3 bench/reload_latency.py --tool hugo --bin hugo --site DIR/hugo [--hugo-arg=--disableFastRender]

Options: --kinds prose,title,fact (default all three), --edits 8 (per kind),
--json FILE (append one JSON object per kind), --timeout 120 (seconds per edit).

Copies the site (a corpus of bench/gen_corpus.py) into a temporary folder
beside it, so the measurement runs on the same filesystem and leaves the
corpus as it was, and starts the server on a free port of 127.0.0.1. Then,
for each kind of edit (see bench/corpus_edits.py) and each of --edits edits:

1. fetches the article's page, as the browser tab of the person editing it
   would have done, and checks it does not show the edit's marker yet;
2. makes the edit (one in-place write of the file) and notes the time;
3. waits for the live-reload message that tells that browser to reload:
   - dermis: on its Server-Sent Events stream /__dermis/events, a `build`
     event whose `reload` generation is newer than the last one seen before
     the edit (a legacy `reload` event counts too);
   - Hugo: on its LiveReload WebSocket ws://127.0.0.1:PORT/livereload, after
     the protocol's `hello` exchange, a `{"command":"reload",...}` message;
4. fetches the page again and checks that it shows the marker (a reload to a
   stale page would be counted in `stale`, not hidden);
5. lets the server settle: further messages arriving within --settle seconds
   are counted as extra reloads, then the next edit starts.

The latency is step 2 to step 3: watcher, debounce, rebuild and publication
together, which is what a writer waits for. Prints, per kind, the median, p90
(nearest rank), min and max in milliseconds; for Hugo the JSON also keeps
the rebuild times Hugo prints itself (`Total in N ms`), which tell its
rebuild from the wait before it. Standard library only.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus_edits  # noqa: E402
from websocket_client import WebSocket  # noqa: E402

# Compact on purpose: Hugo recognises the hello by the substring
# `"command":"hello"`, so a space after the colon goes unanswered.
LIVERELOAD_HELLO = json.dumps(
    {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}, separators=(",", ":")
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(port: int, path: str, timeout: float) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


class Server:
    """A running `dermis serve` or `hugo server` and a thread reading its
    live-reload channel into `messages` as (perf_counter time, message)."""

    def __init__(self, tool: str, binary: str, site: Path, extra: list[str], log: Path):
        self.tool = tool
        self.messages: queue.Queue = queue.Queue()
        self.log = log
        self._log_file = open(log, "w", encoding="utf-8")
        started = time.perf_counter()
        if tool == "dermis":
            cmd = [binary, "serve", "--port", "0", *extra]
            ready = re.compile(r"http://127\.0\.0\.1:(\d+)/")
        else:
            self.port = free_port()
            cmd = [binary, "server", "--source", str(site), "--bind", "127.0.0.1", "--port", str(self.port),
                   "--baseURL", f"http://127.0.0.1:{self.port}/", *extra]
            ready = re.compile(r"Web Server is available at http://127\.0\.0\.1:(\d+)/")
        self.proc = subprocess.Popen(cmd, cwd=site, stdout=subprocess.PIPE, stderr=self._log_file, text=True)
        port = None
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._log_file.write(line)
            m = ready.search(line)
            if m:
                port = int(m.group(1))
                break
        if port is None:
            self.stop()
            raise RuntimeError(f"{tool} did not start; see {log}")
        self.port = port
        self.startup_s = time.perf_counter() - started
        threading.Thread(target=self._copy_stdout, daemon=True).start()
        if tool == "dermis":
            threading.Thread(target=self._listen_sse, daemon=True).start()
        else:
            self._ws = WebSocket.connect("127.0.0.1", port, "/livereload")
            self._ws.settimeout(None)  # the reader waits as long as the server is quiet
            self._ws.send_text(LIVERELOAD_HELLO)
            threading.Thread(target=self._listen_ws, daemon=True).start()

    def _copy_stdout(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._log_file.write(line)
            self._log_file.flush()

    def _listen_sse(self) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/__dermis/events")
        resp = conn.getresponse()
        name, data = "message", []
        while True:
            line = resp.fp.readline()
            if not line:
                return
            line = line.decode("utf-8", "replace").rstrip("\r\n")
            if line.startswith("event:"):
                name = line[6:].strip()
            elif line.startswith("data:"):
                data.append(line[5:].strip())
            elif line == "":
                if data or name != "message":
                    self.messages.put((time.perf_counter(), {"event": name, "data": "\n".join(data)}))
                name, data = "message", []

    def _listen_ws(self) -> None:
        while True:
            try:
                text = self._ws.receive_text()
            except OSError:
                return
            if text is None:
                return
            try:
                message = json.loads(text)
            except ValueError:
                message = {"command": "?", "raw": text}
            self.messages.put((time.perf_counter(), message))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.tool == "hugo" and hasattr(self, "_ws"):
            self._ws.close()
        self._log_file.close()


class ReloadWatch:
    """Knows which message means "reload now" for each tool."""

    def __init__(self, server: Server, timeout: float):
        self.server = server
        self.timeout = timeout
        self.last_reload = -1  # dermis: the newest `reload` generation seen

    def _is_reload(self, message: dict) -> bool:
        if self.server.tool == "hugo":
            return message.get("command") == "reload"
        if message.get("event") == "reload":
            return True
        if message.get("event") != "build":
            return False
        try:
            generation = int(json.loads(message["data"])["reload"])
        except (ValueError, KeyError, TypeError):
            return False
        newer = generation > self.last_reload
        self.last_reload = max(self.last_reload, generation)
        return newer

    def wait_ready(self) -> None:
        """dermis: the current build, sent on connection; Hugo: its hello."""
        at, message = self.server.messages.get(timeout=self.timeout)
        if self.server.tool == "hugo":
            if message.get("command") != "hello":
                raise RuntimeError(f"expected hello from Hugo, got {message}")
        else:
            self._is_reload(message)

    def wait_reload(self, since: float) -> float:
        """Time of the first reload message after `since`."""
        deadline = time.perf_counter() + self.timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no reload message within {self.timeout:.0f} s")
            at, message = self.server.messages.get(timeout=left)
            if self._is_reload(message) and at >= since:
                return at

    def settle(self, seconds: float) -> int:
        """Reload messages arriving within `seconds` of each other (extras)."""
        extra = 0
        while True:
            try:
                _, message = self.server.messages.get(timeout=seconds)
            except queue.Empty:
                return extra
            if self._is_reload(message):
                extra += 1


# Hugo's own figure for each rebuild in `hugo server`'s output.
HUGO_TOTAL = re.compile(r"^Total in (\d+) ms", re.MULTILINE)


def hugo_rebuild_times(server: Server) -> list[int]:
    """The `Total in N ms` lines Hugo has printed so far (one per rebuild)."""
    if server.tool != "hugo":
        return []
    return [int(m) for m in HUGO_TOTAL.findall(server.log.read_text(errors="replace"))]


def page_path(article: Path) -> str:
    return f"/methods/{article.stem}/"


def measure_kind(watch: ReloadWatch, site: Path, kind: str, numbers: range, args) -> dict:
    latencies, stale, extra = [], 0, 0
    rebuilds_before = len(hugo_rebuild_times(watch.server))
    for n in numbers:
        article = corpus_edits.article_for(site, n)
        path = page_path(article)
        status, before = fetch(watch.server.port, path, args.timeout)
        if status != 200:
            raise RuntimeError(f"{path} answered {status} before the edit")
        if corpus_edits.page_shows(before, kind, n):
            raise RuntimeError(f"{path} shows the marker of edit {n} ({kind}) before the edit")
        corpus_edits.apply_edit(site, kind, n)
        saved = time.perf_counter()
        at = watch.wait_reload(saved)
        latencies.append((at - saved) * 1000)
        status, after = fetch(watch.server.port, path, args.timeout)
        if status != 200 or not corpus_edits.page_shows(after, kind, n):
            stale += 1
        extra += watch.settle(args.settle)
    ordered = sorted(latencies)
    p90 = ordered[max(0, int(round(0.9 * len(ordered))) - 1)]
    own = hugo_rebuild_times(watch.server)[rebuilds_before:]
    return {
        "server_rebuild_ms": own,
        "edits": len(ordered),
        "median_ms": statistics.median(ordered),
        "p90_ms": p90,
        "min_ms": ordered[0],
        "max_ms": ordered[-1],
        "stale": stale,
        "extra_reloads": extra,
        "latencies_ms": [round(x, 1) for x in latencies],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tool", choices=("dermis", "hugo"), required=True)
    ap.add_argument("--bin", required=True, help="the dermis or hugo executable")
    ap.add_argument("--site", required=True, type=Path, help="DIR/dermis or DIR/hugo of a generated corpus")
    ap.add_argument("--kinds", default=",".join(corpus_edits.KINDS))
    ap.add_argument("--edits", type=int, default=8, help="edits per kind")
    ap.add_argument("--label", help="name of this configuration in the JSON (default: the tool)")
    ap.add_argument("--hugo-arg", action="append", default=[], help="extra argument of `hugo server`")
    ap.add_argument("--json", type=Path, help="append one JSON object per kind to this file")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one reload")
    ap.add_argument("--settle", type=float, default=0.5, help="quiet seconds that end an edit")
    args = ap.parse_args()
    kinds = [k for k in args.kinds.split(",") if k]
    for k in kinds:
        if k not in corpus_edits.KINDS:
            ap.error(f"unknown kind {k!r}")
    binary = os.path.abspath(shutil.which(args.bin) or args.bin)
    work = Path(tempfile.mkdtemp(prefix=f"reload-{args.tool}-", dir=args.site.resolve().parent))
    site = work / "site"
    shutil.copytree(args.site, site, ignore=shutil.ignore_patterns("public", ".dermis-cache", "resources"))
    server = None
    try:
        extra = ["--quiet"] if args.tool == "dermis" else args.hugo_arg
        server = Server(args.tool, binary, site, extra, work / "server.log")
        watch = ReloadWatch(server, args.timeout)
        watch.wait_ready()
        label = args.label or args.tool
        print(f"{label}: serving after {server.startup_s:.1f} s", file=sys.stderr)
        for i, kind in enumerate(kinds):
            numbers = range(i * args.edits, (i + 1) * args.edits)
            result = measure_kind(watch, site, kind, numbers, args)
            result.update(tool=args.tool, label=label, kind=kind, startup_s=round(server.startup_s, 2),
                          articles=len(corpus_edits.articles(site)))
            print(f"{label} {kind}: edits={result['edits']} median={result['median_ms']:.0f} ms "
                  f"p90={result['p90_ms']:.0f} ms min={result['min_ms']:.0f} ms max={result['max_ms']:.0f} ms "
                  f"stale={result['stale']} extra reloads={result['extra_reloads']}", file=sys.stderr)
            if args.json:
                with open(args.json, "a", encoding="utf-8") as f:
                    f.write(json.dumps(result) + "\n")
        if server.proc.poll() is not None:
            raise RuntimeError(f"{args.tool} exited during the measurement; see {server.log}")
    except (RuntimeError, TimeoutError, OSError, queue.Empty) as e:
        print(f"reload_latency.py: {args.tool}: {e!r}", file=sys.stderr)
        if server is not None:
            server.stop()
            server = None
            sys.stderr.write("--- server log (last 30 lines):\n")
            sys.stderr.writelines((work / "server.log").read_text(errors="replace").splitlines(True)[-30:])
        return 1
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
