"""Charts of a petition's confirmed signatures as a self-contained, accessible SVG.

Written by hand (no plotting library, no external fonts or assets): a horizontal bar
per region (or per day, with the running total), each labelled with its number, and a
<title>/<desc> that states every figure for screen readers.
"""

from __future__ import annotations

from collections import Counter
from html import escape

from core.constituencies import REGIONS, by_gss
from core.store import Store

from organise.progress import Progress

NO_REGION = "Outside the UK or not known"
BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 230
BAR_WIDTH = 360
NUMBER_WIDTH = 130
TOP = 48
# Dark blue bars on white and near-black text: contrast well above WCAG's 4.5:1.
BAR_COLOUR = "#1d3f8c"
TEXT_COLOUR = "#1a1a1a"


def tally(store: Store, slug: str, progress: Progress | None = None) -> tuple[Counter, Counter]:
    """(confirmed signatures by region, by day) from the signatures themselves."""
    regions: Counter[str] = Counter()
    days: Counter[str] = Counter()
    for item in store.signatures(slug, attributes=("kind", "status", "clp", "signed_at")):
        if progress:
            progress.step()
        if item.get("kind") != "signature" or item.get("status") != "confirmed":
            continue
        constituency = by_gss(item.get("clp") or "")
        regions[constituency.region if constituency else NO_REGION] += 1
        days[str(item.get("signed_at") or "")[:10] or "unknown"] += 1
    return regions, days


def by_region(regions: Counter[str]) -> list[tuple[str, int, str]]:
    order = [*REGIONS, NO_REGION]
    return [(r, regions[r], f"{regions[r]:,}") for r in order if regions[r]]


def by_day(days: Counter[str]) -> list[tuple[str, int, str]]:
    bars, running = [], 0
    for day in sorted(days):
        running += days[day]
        bars.append((day, days[day], f"{days[day]:,} (total {running:,})"))
    return bars


def svg(title: str, bars: list[tuple[str, int, str]]) -> str:
    """bars: (label, value, text shown after the bar)."""
    peak = max((value for _, value, _ in bars), default=0) or 1
    width = LABEL_WIDTH + BAR_WIDTH + NUMBER_WIDTH
    height = TOP + len(bars) * (BAR_HEIGHT + GAP) + GAP
    desc = (
        "; ".join(f"{label}: {shown}" for label, _, shown in bars) or "No confirmed signatures yet."
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="system-ui, sans-serif" font-size="14">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="8" y="28" font-size="18" font-weight="bold" fill="{TEXT_COLOUR}">'
        f"{escape(title)}</text>",
    ]
    for i, (label, value, shown) in enumerate(bars):
        y = TOP + i * (BAR_HEIGHT + GAP)
        middle = y + BAR_HEIGHT / 2 + 5
        length = max(1.0, BAR_WIDTH * value / peak)
        parts += [
            f'<g data-label="{escape(label)}" data-value="{value}">',
            f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>",
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>',
            f'<text x="{LABEL_WIDTH + length + 6:.1f}" y="{middle}" fill="{TEXT_COLOUR}">'
            f"{escape(shown)}</text>",
            "</g>",
        ]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def chart(store: Store, slug: str, title: str, by: str, progress: Progress | None = None) -> str:
    regions, days = tally(store, slug, progress)
    if by == "day":
        return svg(f"{title}: confirmed signatures per day", by_day(days))
    return svg(f"{title}: confirmed signatures by region", by_region(regions))
