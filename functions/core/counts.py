"""What the counts endpoints answer: a petition's figures, and the site's totals."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from core.constituencies import by_gss
from core.petitions import Petition

RECENT_SHOWN = 10


def clps(counts: Mapping[str, Any]) -> dict[str, int]:
    """GSS code -> confirmed signatures, from the counts item's `clp_<GSS>` attributes."""
    return {k[4:]: int(v) for k, v in counts.items() if k.startswith("clp_") and int(v) > 0}


def regions(by_clp: Mapping[str, int]) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for gss, n in by_clp.items():
        constituency = by_gss(gss)
        if constituency is not None:
            totals[constituency.region] += n
    return dict(totals)


def recent(counts: Mapping[str, Any], limit: int = RECENT_SHOWN) -> list[dict[str, str]]:
    """Newest confirmed signers who chose to be shown: first name and area only."""
    entries = [e for k, v in counts.items() if k.startswith("recent_") for e in v]
    entries.sort(key=lambda e: e[0], reverse=True)
    shown = []
    for _when, _key, first_name, area in entries[:limit]:
        constituency = by_gss(area)
        shown.append(
            {"first_name": first_name, "area": constituency.name if constituency else area}
        )
    return shown


def distinct_clps(petition: Petition, by_clp: Mapping[str, int]) -> int:
    # The imported figure ("more than 450 CLPs") is a lower bound on the union of
    # imported and live CLPs, whose overlap nobody knows: take the larger.
    return max(petition.imported_clps, len(by_clp))


def petition_counts(petition: Petition, counts: Mapping[str, Any]) -> dict[str, Any]:
    by_clp = clps(counts)
    confirmed = int(counts.get("confirmed", 0))
    return {
        "slug": petition.slug,
        "status": petition.status,
        "goal": petition.goal,
        "confirmed": confirmed,
        "imported": petition.imported_count,
        "total": confirmed + petition.imported_count,
        "distinct_clps": distinct_clps(petition, by_clp),
        "clps": by_clp,
        "regions": regions(by_clp),
        "recent": recent(counts),
        "updated_at": counts.get("updated_at"),
    }


def totals(petitions: Mapping[str, tuple[Petition, Mapping[str, Any]]]) -> dict[str, Any]:
    """Signatures across petitions (a person who signed two counts twice), and the
    number of CLPs with a signature on any of them."""
    per_petition, all_clps, imported_clps = {}, set(), 0
    for slug, (petition, counts) in petitions.items():
        by_clp = clps(counts)
        all_clps |= set(by_clp)
        imported_clps = max(imported_clps, petition.imported_clps)
        per_petition[slug] = int(counts.get("confirmed", 0)) + petition.imported_count
    return {
        "total": sum(per_petition.values()),
        "distinct_clps": max(imported_clps, len(all_clps)),
        "petitions": per_petition,
    }
