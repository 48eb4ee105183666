"""Supporters per petition, from the counts items the tally keeps (one read per petition)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core import counts as public_counts
from core.constituencies import by_gss
from core.petitions import Petition
from core.store import Store

TOP = 5


@dataclass(frozen=True)
class PetitionStats:
    slug: str
    status: str
    confirmed: int
    pending: int
    imported: int
    total: int
    distinct_clps: int
    top_clps: list[tuple[str, int]]
    top_regions: list[tuple[str, int]]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.__dict__,
            "top_clps": [{"clp": n, "signatures": c} for n, c in self.top_clps],
            "top_regions": [{"region": n, "signatures": c} for n, c in self.top_regions],
        }


def _top(values: dict[str, int], n: int = TOP) -> list[tuple[str, int]]:
    return sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def petition_stats(petition: Petition, counts: dict[str, Any]) -> PetitionStats:
    # The same figures the public counts API answers, plus pending and the top lists.
    shown = public_counts.petition_counts(petition, counts)
    clp_names = {(c.name if (c := by_gss(gss)) else gss): n for gss, n in shown["clps"].items()}
    return PetitionStats(
        slug=petition.slug,
        status=petition.status,
        confirmed=shown["confirmed"],
        pending=int(counts.get("pending", 0)),
        imported=shown["imported"],
        total=shown["total"],
        distinct_clps=shown["distinct_clps"],
        top_clps=_top(clp_names),
        top_regions=_top(shown["regions"]),
    )


def stats(store: Store, slugs: list[str]) -> list[PetitionStats]:
    found = store.get_petitions_and_counts(slugs)
    return [
        petition_stats(Petition.from_item(meta), counts)
        for slug, (meta, counts) in found.items()
        if meta
    ]


def render(rows: list[PetitionStats]) -> str:
    if not rows:
        return "No petitions in the table yet (publish the site to sync them)."
    lines = []
    for s in rows:
        lines.append(f"{s.slug} ({s.status})")
        lines.append(
            f"  confirmed {s.confirmed:,}  pending {s.pending:,}  imported {s.imported:,}"
            f"  total {s.total:,}  distinct CLPs {s.distinct_clps:,}"
        )
        if s.top_clps:
            lines.append("  top CLPs: " + ", ".join(f"{n} {c:,}" for n, c in s.top_clps))
        if s.top_regions:
            lines.append("  top regions: " + ", ".join(f"{n} {c:,}" for n, c in s.top_regions))
    return "\n".join(lines)


def donations(totals: dict[str, Any]) -> dict[str, int]:
    """The running totals the Stripe webhook keeps (SITE/DONATIONS)."""
    return {
        "donations": int(totals.get("donations", 0)),
        "payments": int(totals.get("payments", 0)),
        "raised_pence": int(totals.get("raised_pence", 0)),
        "refunded_pence": int(totals.get("refunded_pence", 0)),
        "active_monthly": int(totals.get("active_monthly", 0)),
    }


def render_donations(d: dict[str, int]) -> str:
    raised = d["raised_pence"] - d["refunded_pence"]
    return (
        f"donations: {d['donations']:,} one-off, {d['active_monthly']:,} active monthly, "
        f"{d['payments']:,} payments, £{raised / 100:,.2f} raised after refunds"
    )
