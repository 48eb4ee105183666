"""Each rule on its own, as the plugin applies it to a file's header."""

from __future__ import annotations

from pathlib import Path

from frontmatter import rules

GOOD_PETITION = {
    "title": "Save our libraries",
    "kind": "petition",
    "targets": "Anytown Council",
    "goal": "500",
    "status": "open",
    "opened": "2024-05-01",
}


def test_a_good_petition_has_no_problems() -> None:
    assert rules.check("p.md", GOOD_PETITION, rules.PETITION_RULES) == []


def test_an_appeal_needs_no_targets() -> None:
    appeal = {**GOOD_PETITION, "kind": "appeal", "targets": ""}
    assert rules.check("a.md", appeal, rules.PETITION_RULES) == []


def test_goal_accepts_thousands_separators_but_not_words_or_zero() -> None:
    assert rules.goal_number("p.md", {"goal": "5,000"}) is None
    assert rules.goal_number("p.md", {"goal": "0"}) is not None
    assert rules.goal_number("p.md", {"goal": "five"}) is not None
    assert str(rules.goal_number("p.md", {})) == (
        'p.md: Goal: is missing. Fix: write the goal in digits, like "Goal: 5000".'
    )


def test_counts_are_optional_but_numeric() -> None:
    assert rules.imported_count_number("p.md", {}) is None
    problem = rules.imported_clps_number("p.md", {"imported_clps": "many"})
    assert problem is not None and problem.field == "Imported_clps"


def test_header_reading_stops_at_the_first_blank_line(tmp_path: Path) -> None:
    file = tmp_path / "x.md"
    file.write_text("Title: A\nTags: one,\n    two\n\nBody: not a header\n")
    assert rules.read_header(file) == {"title": "A", "tags": "one, two"}


def test_targets_split_on_semicolons() -> None:
    assert rules.targets("Keir Starmer; Labour Party NEC;") == ["Keir Starmer", "Labour Party NEC"]
