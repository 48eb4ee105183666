"""`campaign export`: what a local group receives, and who is never in it."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

from core.store import Store
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from organise.export import COLUMNS

from tests.functions.organise.conftest import LONDON, NORTH_EAST, WALES


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_export_leaves_out_opted_out_and_unconfirmed_and_says_so(campaign, sign, tmp_path) -> None:
    sign("appeal", "shares@example.org", name="Sam Shares", contact=True)
    sign("appeal", "quiet@example.org", name="Quinn Quiet", contact=False)
    sign("appeal", "private@example.org", name="Pat Private", no_sharing=True)
    sign("appeal", "nochoice@example.org", name="Nora Nochoice", no_sharing=None)
    sign("appeal", "pending@example.org", name="Penny Pending", confirmed=False)
    out = tmp_path / "appeal.csv"

    result = campaign("export", "appeal", "--out", out)

    assert result.code == 0
    rows = read(out)
    assert list(rows[0]) == list(COLUMNS)
    assert {r["name"]: r["email"] for r in rows} == {
        "Sam Shares": "shares@example.org",
        "Quinn Quiet": "",  # did not ask for emails: the group gets no address
    }
    assert rows[0]["constituency"] == "Barking" and rows[0]["region"] == "London"
    assert result.out.startswith("Wrote 2 supporters; left out 3: ")
    assert "1 opted out of sharing with local groups" in result.out
    assert "1 no sharing choice recorded" in result.out
    assert "1 not confirmed their signature" in result.out
    assert "@" not in result.out and "Sam" not in result.out  # counts, never people

    with_pending = tmp_path / "all.csv"
    campaign("export", "appeal", "--out", with_pending, "--include-pending")
    assert "Penny Pending" in {r["name"] for r in read(with_pending)}
    assert "Pat Private" not in with_pending.read_text()


def test_cells_a_spreadsheet_would_run_are_neutralised(campaign, sign, store, tmp_path) -> None:
    # The form refuses such names; an old import or a direct write might not have.
    sign("appeal", "formula@example.org", name="=HYPERLINK(1)", contact=True)
    out = tmp_path / "x.csv"
    campaign("export", "appeal", "--out", out)
    assert read(out)[0]["name"] == "'=HYPERLINK(1)"


def test_export_by_region_spans_petitions_once_per_person(campaign, sign, tmp_path) -> None:
    sign("appeal", "both@example.org", name="Bo Both", clp=WALES)
    sign("reinstate-jeremy-corbyn", "both@example.org", name="Bo Both", clp=WALES)
    sign("reinstate-jeremy-corbyn", "cai@example.org", name="Cai Cymru", clp=WALES)
    sign("appeal", "lon@example.org", name="Lou London", clp=LONDON)
    out = tmp_path / "wales.csv"

    result = campaign("export", "--region", "wales", "--out", out)

    petitions = {r["name"]: r["petition"] for r in read(out)}
    assert petitions == {"Bo Both": "appeal", "Cai Cymru": "reinstate-jeremy-corbyn"}
    assert "1 already in the file from another petition" in result.out
    by_clp = tmp_path / "barking.csv"
    campaign("export", "--clp", "Barking", "--out", by_clp)
    assert [r["name"] for r in read(by_clp)] == ["Lou London"]


def test_export_needs_a_petition_or_an_area(campaign, tmp_path) -> None:
    result = campaign("export", "--out", tmp_path / "x.csv")
    assert result.code == 1 and "Fix: name a petition, or give --clp or --region" in result.err
    bad = campaign("export", "--region", "Narnia", "--out", tmp_path / "x.csv")
    assert bad.code == 1 and "No region 'Narnia'" in bad.err


_petition_numbers = itertools.count()
supporter = st.fixed_dictionaries(
    {
        "no_sharing": st.sampled_from([True, False, None]),
        "contact": st.booleans(),
        "confirmed": st.booleans(),
        "clp": st.sampled_from([LONDON, NORTH_EAST, WALES, None]),
    }
)


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=st.lists(supporter, max_size=12))
def test_an_export_never_contains_anyone_who_opted_out(
    campaign, sign, store: Store, tmp_path, people
) -> None:
    slug = f"random-{next(_petition_numbers)}"
    store.put_petition(slug, {"slug": slug, "title": "Random", "status": "open"})
    for n, person in enumerate(people):
        sign(slug, f"person{n}@example.org", name=f"Person{n} Random", **person)
    out = tmp_path / f"{slug}.csv"

    result = campaign("export", slug, "--out", out, "--include-pending")

    written = {r["name"]: r["email"] for r in read(out)}
    for n, person in enumerate(people):
        name = f"Person{n} Random"
        if person["no_sharing"] is False:
            assert name in written
            assert bool(written[name]) == person["contact"]
        else:
            assert name not in written
    left_out = sum(p["no_sharing"] is not False for p in people)
    assert result.out.startswith(f"Wrote {len(people) - left_out} supporters")
