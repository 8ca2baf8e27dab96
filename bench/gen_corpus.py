#!/usr/bin/env python3
"""Generate two equivalent benchmark sites: one for dermis, one for Hugo.

    python3 bench/gen_corpus.py --pages N --out DIR [--seed 1]

writes DIR/dermis/ (site.toml + content/) and DIR/hugo/ (hugo.toml + content/
+ layouts/). Both hold the same N articles with the same front matter values
and the same prose; only the link syntax (wiki links for dermis, relref
shortcodes for Hugo) and the front-matter placement of site-specific keys
differ. Output is deterministic for a given --pages and --seed.

Python 3.11 standard library only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

CONCERNS = [
    "fine lines",
    "deep wrinkles",
    "volume loss",
    "skin laxity",
    "acne scars",
    "uneven texture",
    "enlarged pores",
]

APPROACHES = ["topical", "non-invasive", "minimally invasive", "surgical"]
LAYERS = ["epidermis", "papillary dermis", "reticular dermis", "deeper: SMAS/muscle/fat"]

# How deep each approach typically reaches (index into LAYERS, inclusive) and
# its invasiveness score range.
APPROACH_DEPTH = {
    "topical": (0, 1),
    "non-invasive": (1, 2),
    "minimally invasive": (1, 3),
    "surgical": (2, 3),
}
APPROACH_SCALE = {
    "topical": (1, 1),
    "non-invasive": (2, 2),
    "minimally invasive": (3, 4),
    "surgical": (5, 5),
}

# Section headings: letters and spaces only, so that dermis's slug rule
# (lowercase, non-alphanumerics collapsed to one hyphen) and Hugo's goldmark
# "github" auto heading IDs give the same anchor.
HEADINGS = [
    "How it works",
    "Who it suits",
    "What it treats",
    "Before the appointment",
    "The procedure step by step",
    "Recovery and downtime",
    "Results and how long they last",
    "Risks and side effects",
    "Cost and value",
    "Combining with other treatments",
    "Evidence and sources",
    "Questions to ask a clinician",
    "Aftercare at home",
    "When to avoid it",
]

TITLE_ADJ = [
    "Fractional", "Pulsed", "Ablative", "Gentle", "Deep", "Focused", "Layered",
    "Micro", "Thermal", "Cold", "Superficial", "Targeted", "Staged", "Hybrid",
    "Bipolar", "Low-level", "High-intensity", "Precision", "Dual-wave", "Soft",
]
TITLE_MOD = [
    "radiofrequency", "laser", "ultrasound", "peel", "microneedling", "filler",
    "light", "plasma", "retinoid", "collagen", "thread", "cryo", "enzyme",
    "peptide", "vitamin C", "hyaluronic", "LED", "dermabrasion", "botulinum",
    "micro-current",
]
TITLE_NOUN = [
    "resurfacing", "lift", "therapy", "treatment", "infusion", "tightening",
    "rejuvenation", "remodelling", "contouring", "renewal", "protocol", "facial",
]

PUBLISHERS = [
    "Journal of Cosmetic Dermatology", "Dermatologic Surgery",
    "American Academy of Dermatology", "British Association of Dermatologists",
    "Aesthetic Surgery Journal", "Lasers in Surgery and Medicine",
    "Clinical, Cosmetic and Investigational Dermatology", "JAMA Dermatology",
    "Facial Plastic Surgery", "Skin Research and Technology",
]

RESULTS_LAST = [
    "a few weeks", "1-3 months", "3-6 months", "6-12 months", "12-18 months",
    "1-2 years", "2-5 years", "5-10 years", "permanent, with normal ageing",
    "as long as the routine is kept up",
]

WORDS = """
skin collagen elastin dermis epidermis layer barrier surface tissue fibre
treatment session clinician patient practitioner dose energy heat light wave
needle depth cell turnover healing redness swelling bruising tightness texture
tone pigment pore scar wrinkle line fold volume contour cheek jaw brow forehead
eye neck chin temple area zone region pass setting device cream serum acid
retinol peptide filler thread laser plasma current pulse frequency response
repair remodelling stimulation production growth result outcome change week
month year course plan routine care protection sunscreen moisturiser cleanser
evidence study trial review data sample group measure effect benefit risk
complication infection scarring discomfort numbing cooling recovery downtime
makeup work exercise sun exposure history condition type tone sensitivity
gradual visible modest noticeable subtle lasting temporary permanent deeper
superficial uneven smoother firmer brighter thinner thicker mild moderate
strong careful gentle repeated controlled precise typical common rare early
later usual expected reported measured observed consistent variable individual
""".split()

VERBS = """
improves reduces softens tightens stimulates targets reaches treats smooths
lifts supports restores evens refines repairs triggers encourages limits
depends varies increases lowers shortens extends matches suits needs follows
""".split()

CONNECTORS = [
    "In most cases", "For many patients", "According to the sources",
    "In practice", "Over several weeks", "As a rule", "By comparison",
    "In the first days", "After a full course", "Where the skin is thin",
    "At higher settings", "With careful aftercare", "In published trials",
    "For darker skin types", "Between sessions",
]


HEADING_BY_ID = {re.sub(r"[^a-z0-9]+", "-", h.lower()).strip("-"): h for h in HEADINGS}


def slug_of(index: int, width: int) -> str:
    return f"method-{index:0{width}d}"


def heading_id(text: str) -> str:
    """The anchor both generators give a heading made of letters and spaces."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(toml_str(x) for x in items) + "]"


# --------------------------------------------------------------------------
# Article model
# --------------------------------------------------------------------------


@dataclass
class Article:
    index: int
    slug: str
    title: str
    description: str
    date: dt.date
    reviewed: dt.date
    concerns: list[str]
    approach: str
    layers: list[str]
    downtime: tuple[int, int]
    cost: tuple[int, int]
    invasiveness: int
    results_last: str
    references: list[dict]
    headings: list[str]
    # Filled in the second pass: the body as a list of blocks where a link is
    # a tuple ("link", target_slug, text_or_None, anchor_or_None).
    body: list = field(default_factory=list)


class Prose:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def sentence(self, min_words: int = 9, max_words: int = 17) -> str:
        r = self.rng
        n = r.randint(min_words, max_words)
        words = [r.choice(WORDS) for _ in range(n)]
        # Put a verb in to make it read like prose.
        words[r.randint(1, max(1, n // 2))] = r.choice(VERBS)
        if n >= 8 and r.random() < 0.15:
            cut = r.randint(3, n - 3)
            words[cut] = words[cut] + ","
        if r.random() < 0.35:
            text = r.choice(CONNECTORS) + ", " + " ".join(words)
        else:
            text = " ".join(words)
            text = text[0].upper() + text[1:]
        return text + "."

    def words(self, n: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(n))


def make_articles(n: int, seed: int) -> list[Article]:
    rng = random.Random(seed)
    width = max(5, len(str(n)))
    prose = Prose(rng)
    start = dt.date(2019, 1, 1)
    span = (dt.date(2025, 12, 31) - start).days
    last_review = dt.date(2026, 10, 31)
    articles: list[Article] = []
    for i in range(1, n + 1):
        approach = rng.choice(APPROACHES)
        lo_layer, hi_layer = APPROACH_DEPTH[approach]
        first = rng.randint(0, lo_layer)
        last = rng.randint(max(first, lo_layer), hi_layer)
        layers = LAYERS[first : last + 1]
        lo_scale, hi_scale = APPROACH_SCALE[approach]
        tier = APPROACHES.index(approach)
        d_lo = rng.choice([[0], [0, 1], [1, 2, 3], [5, 7, 10]][tier])
        d_hi = d_lo + rng.choice([[0, 1], [1, 2, 3], [2, 4, 7], [7, 14, 21]][tier])
        c_lo = rng.choice([30, 80, 150, 300, 500, 900, 1500, 3000])
        c_hi = c_lo * rng.choice([2, 3, 4, 5])
        date = start + dt.timedelta(days=rng.randint(0, span))
        reviewed = date + dt.timedelta(days=rng.randint(0, (last_review - date).days))
        title = f"{rng.choice(TITLE_ADJ)} {rng.choice(TITLE_MOD)} {rng.choice(TITLE_NOUN)} {i}"
        k = rng.randint(8, 9)
        heading_idx = sorted(rng.sample(range(len(HEADINGS)), k))
        refs = []
        for r_i in range(2):
            pub = rng.choice(PUBLISHERS)
            year = rng.randint(2005, 2025)
            refs.append(
                {
                    "title": prose.words(rng.randint(5, 9)).capitalize(),
                    "url": f"https://journals.example.org/{year}/{i}-{r_i + 1}",
                    "publisher": pub,
                    "year": year,
                }
            )
        articles.append(
            Article(
                index=i,
                slug=slug_of(i, width),
                title=title,
                description=prose.sentence(14, 22),
                date=date,
                reviewed=reviewed,
                concerns=rng.sample(CONCERNS, rng.randint(2, 3)),
                approach=approach,
                layers=layers,
                downtime=(d_lo, d_hi),
                cost=(c_lo, c_hi),
                invasiveness=rng.randint(lo_scale, hi_scale),
                results_last=rng.choice(RESULTS_LAST),
                references=refs,
                headings=[HEADINGS[h] for h in heading_idx],
            )
        )
    # Second pass: bodies, which need the targets' titles and headings.
    for art in articles:
        art.body = make_body(art, articles, rng, prose)
    return articles


def make_body(art: Article, articles: list[Article], rng: random.Random, prose: Prose) -> list:
    """The body as blocks: ("p", [segments]) | ("h2", text) | ("raw", text).

    A paragraph segment is a plain string or ("link", slug, text, anchor)."""
    n = len(articles)
    targets: list[int] = []
    if n - 1 >= 5:
        # One link goes to the next article (the last to the first), so every
        # article has at least one incoming link, as in a curated site: dermis
        # warns about orphan pages. The other four are random.
        targets.append(art.index % n + 1)
        while len(targets) < 5:
            j = rng.randint(1, n)
            if j != art.index and j not in targets:
                targets.append(j)
    elif n > 1:  # tiny corpora: repeat targets
        others = [j for j in range(1, n + 1) if j != art.index]
        targets = [art.index % n + 1] + [rng.choice(others) for _ in range(4)]
    links = []
    rng.shuffle(targets)
    for k, j in enumerate(targets):
        tgt = articles[j - 1]
        if k == 0:  # anchored link to a heading the target has
            links.append(("link", tgt.slug, None, heading_id(rng.choice(tgt.headings))))
        elif k in (1, 2):  # piped text
            links.append(("link", tgt.slug, prose.words(rng.randint(2, 4)), None))
        else:
            links.append(("link", tgt.slug, None, None))

    sections = art.headings
    nsec = len(sections)
    # Spread the five links, the table, code block and footnote over sections.
    link_sec = [rng.randrange(nsec) for _ in links]
    table_sec = rng.randrange(nsec)
    code_sec = rng.randrange(nsec)
    if code_sec == table_sec:
        code_sec = (code_sec + 1) % nsec
    foot_sec = rng.randrange(nsec)

    blocks: list = []
    # Every reference is cited (dermis reports an uncited one): the first
    # in the opening paragraph, the second in the table.
    blocks.append(("p", [prose.sentence() + " " + prose.sentence()[:-1] + " [@ref-1]."]))
    for s, heading in enumerate(sections):
        blocks.append(("h2", heading))
        paras = [
            [prose.sentence(), prose.sentence()],
            [prose.sentence() for _ in range(rng.randint(2, 3))],
        ]
        for li, ls in zip(links, link_sec):
            if ls == s:
                para = paras[rng.randrange(2)]
                lead = rng.choice(
                    ["See also", "Compare with", "This differs from", "Read more in", "It pairs well with"]
                )
                tail = prose.sentence(4, 8)
                para.append([lead + " ", li, " " + tail[0].lower() + tail[1:]])
        if s == foot_sec:
            paras[0][0] = paras[0][0][:-1] + "[^1]."
        for para in paras:
            segs: list = []
            for item in para:
                if segs:
                    segs.append(" ")
                if isinstance(item, list):
                    segs.extend(item)
                else:
                    segs.append(item)
            blocks.append(("p", segs))
        if s == table_sec:
            rows = ["| Factor | Typical value | Notes |", "| --- | --- | --- |"]
            rows.append(f"| Downtime | {art.downtime[0]}-{art.downtime[1]} days [@ref-2] | {prose.words(3)} |")
            rows.append(f"| Cost | {art.cost[0]}-{art.cost[1]} USD | {prose.words(3)} |")
            rows.append(f"| Sessions | {rng.randint(1, 3)}-{rng.randint(3, 6)} | {prose.words(3)} |")
            rows.append(f"| Results last | {art.results_last} | {prose.words(3)} |")
            blocks.append(("raw", "\n".join(rows)))
        if s == code_sec:
            code = [
                "```toml",
                "# A typical treatment plan",
                "[plan]",
                f'name = "{art.slug}"',
                f"sessions = {rng.randint(1, 6)}",
                f"interval_weeks = {rng.randint(2, 8)}",
                f"settings = [{rng.randint(10, 40)}, {rng.randint(40, 90)}]",
                f'aftercare = "{prose.words(3)}"',
                "```",
            ]
            blocks.append(("raw", "\n".join(code)))
    blocks.append(("raw", "[^1]: " + prose.sentence(8, 14)))
    return blocks


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_body(art: Article, titles: dict[str, str], flavour: str) -> str:
    out: list[str] = []
    for block in art.body:
        kind = block[0]
        if kind == "h2":
            out.append("## " + block[1])
        elif kind == "raw":
            out.append(block[1])
        else:
            text = []
            for seg in block[1]:
                if isinstance(seg, str):
                    text.append(seg)
                    continue
                _, slug, label, anchor = seg
                if flavour == "dermis":
                    inner = slug + (f"#{anchor}" if anchor else "") + (f"|{label}" if label else "")
                    text.append(f"[[{inner}]]")
                else:
                    ref = f"{slug}.md" + (f"#{anchor}" if anchor else "")
                    # dermis fills in the target's title, and "Title: Heading"
                    # for a link to a heading; write the same text out for Hugo.
                    if label is None:
                        label = titles[slug] + (f": {HEADING_BY_ID[anchor]}" if anchor else "")
                    text.append(f'[{label}]({{{{< relref "{ref}" >}}}})')
            out.append("".join(text))
    return "\n\n".join(out) + "\n"


def front_matter(art: Article, flavour: str) -> str:
    """TOML front matter. dermis: [taxonomies] and [facts] tables.
    Hugo: the same keys, with the taxonomy term list at top level."""
    lines = [
        "+++",
        f"title = {toml_str(art.title)}",
        f"description = {toml_str(art.description)}",
        f"date = {art.date.isoformat()}",
    ]
    fact_lines = [
        f"approach = {toml_str(art.approach)}",
        f"layers = {toml_list(art.layers)}",
        f"downtime_days = [{art.downtime[0]}, {art.downtime[1]}]",
        f"cost_usd = [{art.cost[0]}, {art.cost[1]}]",
        f"invasiveness = {art.invasiveness}",
        f"results_last = {toml_str(art.results_last)}",
    ]
    ref_lines: list[str] = []
    for r_i, ref in enumerate(art.references):
        ref_lines.append("[[references]]")
        if flavour == "dermis":
            # dermis cites references by key (`[@ref-1]`) and requires one.
            ref_lines.append(f'key = "ref-{r_i + 1}"')
        ref_lines += [
            f"title = {toml_str(ref['title'])}",
            f"url = {toml_str(ref['url'])}",
            f"publisher = {toml_str(ref['publisher'])}",
            f"year = {ref['year']}",
        ]
    if flavour == "dermis":
        lines.append(f"reviewed = {art.reviewed.isoformat()}")
        lines += ["", "[taxonomies]", f"concerns = {toml_list(art.concerns)}"]
    else:
        # Hugo 0.111 (Debian's) does not read a [params] table in front
        # matter (that arrived in Hugo 0.123); top-level custom keys land in
        # .Params on every version, so facts and references go top level.
        lines.append(f"reviewed = {art.reviewed.isoformat()}")
        lines.append(f"concerns = {toml_list(art.concerns)}")
    lines += ["", "[facts]"] + fact_lines
    lines += [""] + ref_lines
    lines.append("+++")
    return "\n".join(lines) + "\n"


DERMIS_SITE_TOML = """\
title = "Bench"
base_url = "https://bench.example.org"
description = "Generated benchmark corpus"
language = "en"

[taxonomies.concerns]
title = "Skin concerns"

[collections.methods]
section = "methods"
title = "Treatment methods"

[[collections.methods.facts]]
key = "approach"
label = "Approach"
type = "enum"
values = ["topical", "non-invasive", "minimally invasive", "surgical"]
required = true

[[collections.methods.facts]]
key = "layers"
label = "Skin layers reached"
type = "list"
values = ["epidermis", "papillary dermis", "reticular dermis", "deeper: SMAS/muscle/fat"]

[[collections.methods.facts]]
key = "downtime_days"
label = "Downtime"
type = "range"
unit = "days"

[[collections.methods.facts]]
key = "cost_usd"
label = "Typical cost"
type = "range"
unit = "USD"

[[collections.methods.facts]]
key = "invasiveness"
label = "Invasiveness"
type = "scale"

[[collections.methods.facts]]
key = "results_last"
label = "How long results last"
type = "text"
"""

HUGO_TOML = """\
baseURL = "https://bench.example.org/"
title = "Bench"
languageCode = "en"
# Every generated page is dated in the past; this only guards against a
# clock set far back, so both generators always render the same pages.
buildFuture = true
# Hugo's default taxonomies (tags, categories) are replaced by the one
# taxonomy the dermis corpus has.
[taxonomies]
concern = "concerns"

[params]
description = "Generated benchmark corpus"

# The facts schema, in the same order as dermis's site.toml, so the single
# layout can print labelled facts the way dermis does.
[[params.factSchema]]
key = "approach"
label = "Approach"
type = "enum"
[[params.factSchema]]
key = "layers"
label = "Skin layers reached"
type = "list"
[[params.factSchema]]
key = "downtime_days"
label = "Downtime"
type = "range"
unit = "days"
[[params.factSchema]]
key = "cost_usd"
label = "Typical cost"
type = "range"
unit = "USD"
[[params.factSchema]]
key = "invasiveness"
label = "Invasiveness"
type = "scale"
[[params.factSchema]]
key = "results_last"
label = "How long results last"
type = "text"

[markup.goldmark.extensions]
table = true
footnote = true
typographer = true

[markup.goldmark.parser]
autoHeadingID = true
autoHeadingIDType = "github"

[markup.highlight]
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3
ordered = false
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """\
<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} | {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<header><a href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="{{ "concerns/" | relURL }}">Skin concerns</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """\
{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Description }}<p class="description">{{ . }}</p>{{ end }}
<p class="dates">Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>{{ with .Params.reviewed }}, reviewed <time datetime="{{ time.Format "2006-01-02" . }}">{{ time.Format "2 January 2006" . }}</time>{{ end }}</p>
{{ with .Params.facts }}{{ $facts := . }}
<dl class="facts">
{{ range site.Params.factSchema }}{{ $v := index $facts .key }}{{ if $v }}
<dt>{{ .label }}</dt>
<dd>{{ if eq .type "range" }}{{ index $v 0 }}–{{ index $v 1 }} {{ .unit }}{{ else if eq .type "list" }}{{ delimit $v ", " }}{{ else if eq .type "scale" }}{{ $v }} / 5{{ else }}{{ $v }}{{ end }}</dd>
{{ end }}{{ end }}
</dl>
{{ end }}
{{ with .GetTerms "concerns" }}<p class="concerns">Concerns: {{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>{{ end }}
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
{{ with .Params.references }}
<section class="references">
<h2>References</h2>
<ol>
{{ range . }}<li><a href="{{ .url }}">{{ .title }}</a>. {{ .publisher }}, {{ .year }}.</li>
{{ end }}</ol>
</section>
{{ end }}
</article>
{{ end }}
""",
    "_default/list.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ .Content }}
<ul class="pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/taxonomy.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="terms">
{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
    "_default/term.html": """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
<ul class="pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
""",
    "index.html": """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
{{ .Content }}
<h2>Sections</h2>
<ul>
{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }} pages)</li>
{{ end }}</ul>
<h2>Skin concerns</h2>
<ul>
{{ range site.Taxonomies.concerns.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>
{{ end }}</ul>
{{ end }}
""",
}

HOME_BODY = "A generated corpus for benchmarking static-site generators.\n"
SECTION_BODY = "Every generated treatment method, in one list.\n"


def write_site(out: Path, articles: list[Article], flavour: str) -> None:
    root = out / flavour
    if root.exists():
        shutil.rmtree(root)
    content = root / "content"
    (content / "methods").mkdir(parents=True)
    titles = {a.slug: a.title for a in articles}
    if flavour == "dermis":
        (root / "site.toml").write_text(DERMIS_SITE_TOML)
    else:
        (root / "hugo.toml").write_text(HUGO_TOML)
        for rel, text in HUGO_LAYOUTS.items():
            p = root / "layouts" / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
    (content / "_index.md").write_text(
        '+++\ntitle = "Bench"\ndescription = "Generated benchmark corpus"\n+++\n\n' + HOME_BODY
    )
    (content / "methods" / "_index.md").write_text(
        '+++\ntitle = "Treatment methods"\ndescription = "All generated methods"\n+++\n\n' + SECTION_BODY
    )
    for art in articles:
        text = front_matter(art, flavour) + "\n" + render_body(art, titles, flavour)
        (content / "methods" / f"{art.slug}.md").write_text(text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, required=True, help="number of articles")
    ap.add_argument("--out", type=Path, required=True, help="output directory")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = ap.parse_args(argv)
    if args.pages < 1:
        ap.error("--pages must be at least 1")
    articles = make_articles(args.pages, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    write_site(args.out, articles, "dermis")
    write_site(args.out, articles, "hugo")
    sample = articles[:50]
    words = sum(len(render_body(a, {}, "dermis").split()) for a in sample) / len(sample)
    print(
        f"wrote {args.pages} articles to {args.out}/dermis and {args.out}/hugo "
        f"(seed {args.seed}, ~{words:.0f} words per body)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
