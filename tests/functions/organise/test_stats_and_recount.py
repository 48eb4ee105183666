"""`campaign stats` and `campaign recount`: the figures organisers report and repair."""

from __future__ import annotations

from tests.functions.organise.conftest import LONDON, NORTH_EAST, WALES

SLUG = "reinstate-jeremy-corbyn"


def test_stats_shows_each_petitions_supporters_clps_and_regions(campaign, sign, pump) -> None:
    sign(SLUG, "a@example.org", clp=LONDON)
    sign(SLUG, "b@example.org", clp=LONDON)
    sign(SLUG, "c@example.org", clp=WALES)
    sign(SLUG, "d@example.org", clp=NORTH_EAST, confirmed=False)
    pump.drain()

    result = campaign("stats", "--json", SLUG)

    assert result.code == 0
    (row,) = result.json()["petitions"]
    assert (row["confirmed"], row["pending"], row["imported"]) == (3, 1, 2908)
    assert row["total"] == 3 + 2908
    assert row["distinct_clps"] == 2
    assert row["top_clps"][0] == {"clp": "Barking", "signatures": 2}
    assert row["top_regions"] == [
        {"region": "London", "signatures": 2},
        {"region": "Wales", "signatures": 1},
    ]
    text = campaign("stats").out
    assert "reinstate-jeremy-corbyn (open)" in text and "appeal (open)" in text
    assert "top regions: London 2, Wales 1" in text


def test_recount_prints_drift_repairs_it_and_check_changes_nothing(
    campaign, sign, pump, store
) -> None:
    for n in range(3):
        sign(SLUG, f"p{n}@example.org", clp=WALES)
    pump.drain()
    store.set_counts(SLUG, {"confirmed": 7}, remove=[])  # counts gone wrong

    checked = campaign("recount", SLUG, "--check")
    assert checked.out.strip() == f"{SLUG}: drift confirmed -4: not repaired (--check)"
    assert store.get_counts(SLUG)["confirmed"] == 7

    repaired = campaign("recount", SLUG)
    assert "repaired" in repaired.out
    assert store.get_counts(SLUG)["confirmed"] == 3
    assert campaign("recount", SLUG).out.strip() == f"{SLUG}: no drift (confirmed 3)"


def test_an_unknown_petition_is_one_clear_line(campaign) -> None:
    result = campaign("recount", "no-such-petition")
    assert result.code == 1
    assert result.err.count("\n") == 1
    assert "No petition called 'no-such-petition'" in result.err and "appeal" in result.err


def test_a_missing_setting_is_one_line_naming_the_fix(campaign, monkeypatch) -> None:
    monkeypatch.delenv("TABLE_NAME")
    result = campaign("stats")
    assert result.code == 1
    assert result.err == (
        "campaign stats: TABLE_NAME is not set. Fix: set it to the DynamoDB table's name"
        " (or set LOCAL_DEV=1 locally).\n"
    )
    monkeypatch.setenv("TABLE_NAME", "no-such-table")
    missing = campaign("stats")
    assert missing.err == "campaign stats: No such table. Fix: check TABLE_NAME or --table.\n"
