"""`campaign import`: supporters from another platform or a paper petition."""

from __future__ import annotations

from pathlib import Path

from core.emails import email_key

from tests.functions.helpers import HASH_KEY
from tests.functions.organise.conftest import WALES

SLUG = "reinstate-jeremy-corbyn"
GOOD = """\
name,email,postcode,clp,country,member,no_sharing,contact,signed_at
Iris Import,iris@example.org,SW1A 1AA,,,member,no,yes,2020-11-02
Ivan Import,ivan@example.org,,Aberafan Maesteg,,,,,2020-11-03
Ines Abroad,ines@example.org,,,France,not_member,yes,no,
"""
BAD = """\
name,email,postcode,clp,member,no_sharing,signed_at
Good Row,good@example.org,SW1A 1AA,,member,no,2020-11-02
Bad Email,not-an-email,SW1A 1AA,,member,no,2020-11-02
Bad Place,place@example.org,,,member,no,2020-11-02
"Multi
Line",multi@example.org,SW1A 1AA,,maybe,perhaps,14/03/2021
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "supporters.csv"
    path.write_text(text, encoding="utf-8")
    return path


def signatures(store) -> list[dict]:
    return list(store.signatures(SLUG))


def test_import_adds_confirmed_marked_supporters_and_counts_them(
    campaign, store, pump, tmp_path, personal
) -> None:
    personal.add("iris@example.org", "ivan@example.org", "ines@example.org", "Iris Import")
    result = campaign("import", SLUG, write(tmp_path, GOOD))

    assert result.code == 0, result.out
    assert result.out.splitlines()[-1] == (
        "Added 3; already signed (kept as they were) 0; repeated in the file 0; rejected 0."
    )
    iris = store.get_signature(SLUG, email_key("iris@example.org", HASH_KEY))
    assert iris["status"] == "confirmed" and iris["source"] == "import"
    assert iris["clp"] == "E14001172" and iris["signed_at"] == "2020-11-02T00:00:00Z"
    assert (iris["no_sharing"], iris["contact"]) == (False, True)
    ivan = store.get_signature(SLUG, email_key("ivan@example.org", HASH_KEY))
    assert ivan["clp"] == WALES and ivan["member"] == "unknown"
    assert (ivan["no_sharing"], ivan["contact"]) == (True, False)  # blank: the safe choice
    pump.drain()
    assert store.get_counts(SLUG)["confirmed"] == 3


def test_running_an_import_again_adds_nobody(campaign, store, pump, sign, tmp_path) -> None:
    sign(SLUG, "iris@example.org", name="Iris Web", confirmed=False)
    path = write(tmp_path, GOOD)
    first = campaign("import", SLUG, path)
    assert "Added 2; already signed (kept as they were) 1" in first.out
    assert "line 2: already signed this petition: kept as it was" in first.out
    again = campaign("import", SLUG, path)
    assert "Added 0; already signed (kept as they were) 3" in again.out
    iris = store.get_signature(SLUG, email_key("iris@example.org", HASH_KEY))
    assert (iris["name"], iris["status"], iris["source"]) == ("Iris Web", "pending", "web")
    pump.drain()
    assert store.get_counts(SLUG)["confirmed"] == 2


def test_a_person_twice_in_the_file_is_added_once(campaign, store, pump, tmp_path) -> None:
    path = write(tmp_path, GOOD + "Iris Again,IRIS@example.org,SW1A 1AA,,,member,no,no,\n")
    result = campaign("import", SLUG, path)
    assert result.out.splitlines()[-1] == (
        "Added 3; already signed (kept as they were) 0; repeated in the file 1; rejected 0."
    )
    assert "line 5: same person as an earlier line: skipped" in result.out
    assert len(signatures(store)) == 3
    pump.drain()
    assert store.get_counts(SLUG)["confirmed"] == 3


def test_a_dry_run_reports_and_writes_nothing(campaign, store, tmp_path) -> None:
    path = write(tmp_path, GOOD + "Iris Again,IRIS@example.org,SW1A 1AA,,,member,no,no,\n")
    result = campaign("import", SLUG, path, "--dry-run")
    assert result.out.splitlines()[-1] == (
        "Would add 3; already signed (kept as they were) 0; repeated in the file 1; rejected 0."
    )
    assert "line 5: same person as an earlier line: skipped" in result.out
    assert signatures(store) == []


def test_bad_rows_are_reported_by_line_and_column(campaign, store, tmp_path) -> None:
    result = campaign("import", SLUG, write(tmp_path, BAD))

    assert result.code == 1
    report = result.out.splitlines()
    assert "line 3: email: Enter an email address in the correct format" in result.out
    assert "line 4: postcode: give a UK postcode, a clp, or a country outside the UK" in report
    # A quoted cell over two lines: the row is reported at the line it ends on.
    assert "line 6: member: write member, not_member or suspended_expelled" in result.out
    assert "line 6: no_sharing: write yes or no (or leave it blank)" in report
    assert "line 6: signed_at: write a date like 2021-03-14" in report
    assert "not-an-email" not in result.out  # the report names columns, never values
    assert report[-1].endswith("rejected 3.") and report[-1].startswith("Added 1;")
    assert [s["name"] for s in signatures(store)] == ["Good Row"]


def test_all_or_nothing_imports_nothing_from_a_file_with_a_bad_row(
    campaign, store, tmp_path
) -> None:
    result = campaign("import", SLUG, write(tmp_path, BAD), "--all-or-nothing")
    assert result.code == 1
    assert "nothing imported: the file has rejected rows (all or nothing)" in result.out
    assert signatures(store) == []
    good = campaign("import", SLUG, write(tmp_path, GOOD), "--all-or-nothing")
    assert good.code == 0 and len(signatures(store)) == 3


def test_a_file_with_wrong_columns_is_one_line_naming_the_fix(campaign, tmp_path) -> None:
    result = campaign("import", SLUG, write(tmp_path, "name,e-mail\nA,a@example.org\n"))
    assert result.code == 1
    assert result.err.startswith("campaign import: Unknown column 'e-mail'. Fix:")
    missing = campaign("import", SLUG, tmp_path / "nowhere.csv")
    assert "Cannot open" in missing.err and "Fix: check the path" in missing.err
