#!/usr/bin/env python3
"""One edit of one article of a generated corpus (bench/gen_corpus.py).

    python3 bench/corpus_edits.py --site DIR/dermis --kind prose --state FILE
    python3 bench/corpus_edits.py --site DIR/dermis --kind prose --state FILE --check OUT

Three kinds of edit, each leaving the article valid for both dermis and Hugo:

- prose: a sentence appended to the body;
- title: the `title` line of the front matter gets a word added;
- fact:  the upper bound of `downtime_days` (a range fact, days) is changed.

Each edit puts a marker in the article that a rebuilt page must show (see
`marker_of`), so a reader can check a page served after the edit is fresh.
The n-th edit goes to article (n * 7919) mod N of the sorted articles, the
same rotation as bench/serve_latency.py; with --state the number n is read
from FILE and the next one written back (hyperfine's --prepare runs one edit
per timed build this way). With --check OUT nothing is edited: the exit
status says whether the built page of the last edit recorded in FILE, in the
output folder OUT, shows that edit. Standard library only.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

KINDS = ("prose", "title", "fact")

TITLE_LINE = re.compile(r'^title = "(.*)"$', re.MULTILINE)
DOWNTIME_LINE = re.compile(r"^downtime_days = \[(\d+), (\d+)\]$", re.MULTILINE)

# Upper bounds of the fact edits: 900-999 days, above any downtime the
# corpus generates (so each edit changes the value), below 1,000 (so no
# thousands separator), and not a multiple of 100 in general, as costs are.
FACT_BASE = 900


class EditError(Exception):
    """The article does not have the line the edit changes."""


def articles(site: Path) -> list[Path]:
    """The corpus articles of a site folder, sorted (section indexes excluded)."""
    found = sorted((site / "content" / "methods").glob("method-*.md"))
    if not found:
        raise EditError(f"no articles under {site / 'content' / 'methods'}")
    return found


def article_for(site: Path, n: int) -> Path:
    """The article the n-th edit goes to."""
    found = articles(site)
    return found[(n * 7919) % len(found)]


def marker_of(kind: str, n: int) -> str:
    """Text a page rebuilt after the n-th edit of `kind` contains."""
    if kind == "prose":
        return f"benchprose{n:04d}"
    if kind == "title":
        return f"Benchtitle{n:04d}"
    if kind == "fact":
        return str(FACT_BASE + n % 100)
    raise EditError(f"unknown kind {kind!r}")


def page_shows(page: str, kind: str, n: int) -> bool:
    """Whether a rendered page shows the marker of the n-th edit of `kind`
    (a number only as a whole number, not inside a longer one)."""
    marker = marker_of(kind, n)
    if kind == "fact":
        return re.search(rf"(?<![\d.,]){marker}(?![\d.,])", page) is not None
    return marker in page


def edited_text(text: str, kind: str, n: int) -> str:
    """The article's text after the n-th edit of `kind`."""
    marker = marker_of(kind, n)
    if kind == "prose":
        return text.rstrip("\n") + f"\n\nThis sentence was added by edit {marker} of the benchmark.\n"
    if kind == "title":
        match = TITLE_LINE.search(text)
        if match is None:
            raise EditError("no title line in the front matter")
        # Drop a marker an earlier edit added, so titles do not grow.
        base = re.sub(r" Benchtitle\d+$", "", match.group(1))
        return text[: match.start()] + f'title = "{base} {marker}"' + text[match.end() :]
    if kind == "fact":
        match = DOWNTIME_LINE.search(text)
        if match is None:
            raise EditError("no downtime_days line in the front matter")
        low = match.group(1)
        return text[: match.start()] + f"downtime_days = [{low}, {marker}]" + text[match.end() :]
    raise EditError(f"unknown kind {kind!r}")


def apply_edit(site: Path, kind: str, n: int) -> Path:
    """Make the n-th edit of `kind` in `site`, in place (one write, as an editor
    saving over the file); returns the article edited."""
    path = article_for(site, n)
    text = path.read_text(encoding="utf-8")
    path.write_text(edited_text(text, kind, n), encoding="utf-8")
    return path


def next_number(state: Path) -> int:
    """The edit number kept in `state` (0 when absent); the next is written back."""
    try:
        n = int(state.read_text().strip() or "0")
    except FileNotFoundError:
        n = 0
    state.write_text(f"{n + 1}\n")
    return n


def check_last_edit(args) -> int:
    """0 when OUT's page of the last edit (--number, or the one before the
    number in --state) shows it, 1 otherwise."""
    try:
        n = args.number if args.number is not None else int(args.state.read_text().strip()) - 1
        article = article_for(args.site, n)
        page = (args.check / "methods" / article.stem / "index.html").read_text(encoding="utf-8")
    except (EditError, OSError, ValueError) as e:
        print(f"corpus_edits.py: {e}", file=sys.stderr)
        return 1
    if page_shows(page, args.kind, n):
        return 0
    print(f"corpus_edits.py: {args.check} does not show edit {n} ({args.kind}) of {article.name}", file=sys.stderr)
    return 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", required=True, type=Path, help="DIR/dermis or DIR/hugo of a generated corpus")
    ap.add_argument("--kind", choices=KINDS, default="prose")
    group = ap.add_mutually_exclusive_group(required=True)
    group.add_argument("--number", type=int, help="edit number n")
    group.add_argument("--state", type=Path, help="file holding the next edit number")
    ap.add_argument("--check", type=Path, metavar="OUT", help="check the last edit shows in this output folder")
    args = ap.parse_args()
    if args.check is not None:
        return check_last_edit(args)
    n = args.number if args.number is not None else next_number(args.state)
    try:
        apply_edit(args.site, args.kind, n)
    except (EditError, OSError) as e:
        print(f"corpus_edits.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
