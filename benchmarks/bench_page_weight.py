"""What each built page costs a reader on a phone: bytes of HTML plus the CSS and
JavaScript it loads from the site (uncompressed), heaviest first, and how many
requests go to any other host (the promise is none).

    .venv/bin/python benchmarks/bench_page_weight.py [--top 15]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.site.pages import read  # noqa: E402

LIMIT = 60 * 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "output"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pelican",
                "-s",
                "pelicanconf.py",
                "-o",
                str(site),
                "-e",
                f'CACHE_PATH="{tmp}/cache"',
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        rows, external, search_assets = [], 0, 0
        for file in sorted(site.rglob("*.html")):
            if "pagefind" in file.parts:
                continue
            page = read(file)
            own = file.stat().st_size
            assets = 0
            for src in page.resources:
                url = urlsplit(src)
                if url.netloc:
                    external += 1
                    continue
                target = site / url.path.lstrip("/")
                if not target.is_file() or target.suffix not in (".css", ".js"):
                    continue
                if "pagefind" in target.parts:
                    search_assets += target.stat().st_size
                    continue
                assets += target.stat().st_size
            rows.append((own + assets, own, assets, str(file.relative_to(site))))
    rows.sort(reverse=True)
    print(f"{len(rows)} pages; limit {LIMIT // 1024} KB (HTML + own CSS/JS, uncompressed)")
    print(f"{'total':>9} {'html':>9} {'css+js':>9}  page")
    for total, own, assets, name in rows[: args.top]:
        flag = "  OVER" if total > LIMIT else ""
        print(f"{total:9,} {own:9,} {assets:9,}  {name}{flag}")
    print(f"pages over the limit: {sum(r[0] > LIMIT for r in rows)}")
    print(f"median page: {sorted(r[0] for r in rows)[len(rows) // 2]:,} bytes")
    print(f"search page's Pagefind UI assets (loaded only there): {search_assets:,} bytes")
    print(f"requests to other hosts, all pages: {external}")


if __name__ == "__main__":
    main()
