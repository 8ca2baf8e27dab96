#!/usr/bin/env python3
"""Build time of pages written to hit quadratic paths.

    python3 bench/pathological.py --dermis target/release/dermis [--runs 3]

Each input is one extra article in a copy of tests/fixtures/sites/base:

  headings    30,000 identical headings `# a` (150 KB): ids a, a-1, … a-29999
  wiki-links  60,000 wiki links `[[peel]]` in one paragraph (540 KB)

Each site is built `--runs` times with `dermis build` into an empty folder;
prints the best and median wall time in milliseconds (the build must succeed).
"""
import argparse, os, shutil, statistics, subprocess, sys, tempfile, time

INPUTS = {
    "headings": "# a\n\n" * 30_000,
    "wiki-links": "[[peel]] " * 60_000 + "\n",
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dermis", required=True)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    base = os.path.join(repo, "tests", "fixtures", "sites", "base")
    with tempfile.TemporaryDirectory() as tmp:
        for name, body in INPUTS.items():
            site = os.path.join(tmp, name)
            shutil.copytree(base, site)
            with open(os.path.join(site, "content", "guides", "big.md"), "w") as f:
                f.write('+++\ntitle = "Big"\n+++\n' + body)
            times = []
            for _ in range(args.runs):
                out = os.path.join(tmp, name + "-out")
                shutil.rmtree(out, ignore_errors=True)
                start = time.perf_counter()
                run = subprocess.run([args.dermis, "build", "--quiet", "--root", site, "--output", out],
                                     capture_output=True, text=True)
                times.append((time.perf_counter() - start) * 1000)
                if run.returncode != 0:
                    sys.exit(f"{name}: build failed:\n{run.stderr}")
            print(f"{name:<11} {len(body.encode()) // 1000:>4} KB  best {min(times):8.0f} ms  "
                  f"median {statistics.median(times):8.0f} ms  ({args.runs} runs)")


if __name__ == "__main__":
    main()
