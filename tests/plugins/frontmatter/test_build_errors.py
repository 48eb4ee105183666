# ruff: noqa: E501  (each case reads as one line: file, edit, message)
"""A bad front-matter field stops the build with one line an editor can act on."""

from __future__ import annotations

import pytest

from tests.plugins.conftest import TinySite

PETITION = "petitions/save-our-libraries.md"
ARTICLE = "articles/meeting.md"

CASES = [
    (
        PETITION,
        "Goal: 500",
        "Goal: lots",
        'Goal: "lots" is not a whole number above 0. Fix: write the goal in digits, like "Goal: 5000".',
    ),
    (
        PETITION,
        "Targets: Anytown Council; Labour Group\n",
        "",
        "Targets: a petition needs at least one target.",
    ),
    (
        PETITION,
        "Status: open",
        "Status: maybe",
        'Status: "maybe" is not a status we know. Fix: write "Status: open" or "Status: closed".',
    ),
    (
        PETITION,
        "Kind: petition",
        "Kind: poll",
        'Kind: "poll" is not a kind we know. Fix: write "Kind: petition" or "Kind: appeal".',
    ),
    (PETITION, "Opened: 2024-05-01", "Opened: May 2024", 'Opened: "May 2024" is not a date.'),
    (
        PETITION,
        "Imported_count: 12",
        "Opened_estimated: maybe",
        'Opened_estimated: "maybe" must be yes or no.',
    ),
    (ARTICLE, "Date: 2024-05-02", "Date: 2024-13-45", 'Date: "2024-13-45" is not a date.'),
    (ARTICLE, "Author: Ann Editor\n", "", "Author: is missing."),
    (
        ARTICLE,
        "Tags: libraries",
        "Date_estimated: perhaps",
        'Date_estimated: "perhaps" must be yes or no.',
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message"), CASES)
def test_bad_field_fails_the_build_naming_file_field_and_fix(
    site: TinySite, file: str, old: str, new: str, message: str
) -> None:
    site.edit(file, old, new)
    result = site.build()
    assert result.returncode != 0
    lines = result.stderr.splitlines()
    problem = [line for line in lines if line.startswith(site.shown(file) + ": ")]
    assert len(problem) == 1, result.stderr
    assert message in problem[0]
    assert "Traceback" not in result.stdout + result.stderr
    assert not (site.output / "index.html").exists()


def test_two_petitions_with_one_slug(site: TinySite) -> None:
    site.write("petitions/copy.md", (site.content / PETITION).read_text())
    result = site.build()
    assert result.returncode != 0
    assert 'Slug: "save-our-libraries" is already the slug of' in result.stderr


def test_a_page_whose_address_a_petition_already_has(site: TinySite) -> None:
    site.write("pages/petitions.md", "Title: Petitions\nSlug: petitions\n\nOurs.\n")
    result = site.build()
    assert result.returncode != 0
    assert "its address /petitions/ is already used by the list of petitions" in result.stderr


def test_every_problem_is_listed_at_once(site: TinySite) -> None:
    site.edit(PETITION, "Goal: 500", "Goal: lots")
    site.edit(ARTICLE, "Author: Ann Editor\n", "")
    result = site.build()
    assert "Goal:" in result.stderr and "Author:" in result.stderr
    assert "2 problem(s)" in result.stderr


def test_a_good_site_builds(site: TinySite) -> None:
    result = site.build()
    assert result.returncode == 0, result.stderr
    assert (site.output / "petitions/save-our-libraries/index.html").is_file()
