"""How long the site takes to build, and what our theme and plugins cost.

Prints, as the median of --runs builds (default 3):
  (a) the real site (Pelican; Pagefind timed separately),
  (b) a generated 1,000-article corpus with this theme and these plugins,
  (c) the same corpus with plain Pelican (its default theme, no plugins),
  (d) an incremental rebuild of (b) after touching one article, with content caching.
Targets: b/c <= 1.3, d/b <= 0.3. Nothing is asserted: read the figures.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLAIN_SETTINGS = """
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = []
TIMEZONE = "Europe/London"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = False
MARKDOWN = {"extension_configs": {"markdown.extensions.extra": {},
            "markdown.extensions.toc": {}, "markdown.extensions.smarty": {}},
            "output_format": "html5"}
FEED_ALL_ATOM = "feeds/all.atom.xml"
"""


def corpus(folder: Path, articles: int = 1000) -> None:
    for sub in ("articles", "pages", "petitions"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    authors = ["Carla Roberts", "Derek James", "Labour Left Alliance", "Ann Editor"]
    tags = ["momentum", "trade unions", "NEC", "witch-hunt", "conference", "CLPs", "housing"]
    for n in range(articles):
        day = f"20{19 + n % 7:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        body = "\n\n".join(
            f"Paragraph {p} of article {n}: the Labour left must organise democratically "
            f"and transparently, in every CLP and union branch.[^{p}]"
            for p in range(1, 9)
        )
        notes = "\n".join(f"[^{p}]: Source {p} for article {n}." for p in range(1, 9))
        (folder / "articles" / f"article-{n:04d}.md").write_text(
            f"Title: Article number {n}\nDate: {day}\nAuthor: {authors[n % 4]}\n"
            f"Tags: {tags[n % 7]}, {tags[(n + 3) % 7]}\nSummary: Summary of article {n}.\n\n"
            f"## Subheading\n\n{body}\n\n{notes}\n",
            encoding="utf-8",
        )


def pelican(content: Path, output: Path, settings: Path, *extra: str) -> float:
    args = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output)]
    if extra:
        args += ["-e", *extra]
    started = time.perf_counter()
    subprocess.run(args, cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def pagefind(output: Path) -> float:
    started = time.perf_counter()
    cmd = [sys.executable, "-m", "pagefind", "--site", str(output), "--silent"]
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - started


def median(times: list[float]) -> float:
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    ours = ROOT / "pelicanconf.py"
    no_search = "SEARCH_ENABLED=false"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        plain = work / "plain.py"
        plain.write_text(PLAIN_SETTINGS)
        real = [
            pelican(
                ROOT / "content", work / f"real{i}", ours, no_search, f'CACHE_PATH="{work}/c{i}"'
            )
            for i in range(args.runs)
        ]
        real_search = [pagefind(work / f"real{i}") for i in range(args.runs)]
        corpus(work / "corpus", args.articles)
        themed, bare, incremental = [], [], []
        for i in range(args.runs):
            cache = f'CACHE_PATH="{work}/cache{i}"'
            out = work / f"themed{i}"
            themed.append(
                pelican(
                    work / "corpus",
                    out,
                    ours,
                    no_search,
                    "AFFILIATES_FILE=null",
                    cache,
                    "LOAD_CONTENT_CACHE=false",
                )
            )
            bare.append(pelican(work / "corpus", work / f"bare{i}", plain))
            touched = work / "corpus" / "articles" / f"article-{i:04d}.md"
            touched.write_text(touched.read_text() + "\nOne more line.\n")
            incremental.append(
                pelican(
                    work / "corpus",
                    out,
                    ours,
                    no_search,
                    "AFFILIATES_FILE=null",
                    cache,
                    "LOAD_CONTENT_CACHE=true",
                )
            )
        corpus_search = pagefind(work / "themed0")
        shutil.rmtree(work / "corpus")
    b, c, d = median(themed), median(bare), median(incremental)
    print(f"runs: {args.runs} (median shown); corpus: {args.articles} articles, 8 footnotes each")
    print(f"(a) real site, Pelican:               {median(real):7.2f} s")
    print(f"    real site, Pagefind index:        {median(real_search):7.2f} s")
    print(f"(b) corpus, our theme + plugins:      {b:7.2f} s")
    print(f"(c) corpus, plain Pelican:            {c:7.2f} s")
    print(f"    ratio b/c:                        {b / c:7.2f}   (target <= 1.3)")
    print(f"(d) corpus, one article touched:      {d:7.2f} s")
    print(f"    ratio d/b:                        {d / b:7.2f}   (target <= 0.3)")
    print(f"    corpus, Pagefind index:           {corpus_search:7.2f} s")


if __name__ == "__main__":
    main()
