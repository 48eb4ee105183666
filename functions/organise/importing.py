"""Adding supporters gathered elsewhere (another platform's CSV, a typed-up paper petition).

Every row passes the sign form's own rules (core.validation), so an imported supporter
is stored exactly as a web one would be, confirmed (they signed elsewhere, where we
cannot send a link) and marked `source = import`. A person already on the petition
(same canonical email) is left as they were: re-running an import adds nothing.
Without a consent column the conservative choice is recorded (not shared with local
groups, not emailed), since nobody can say what they agreed to.
"""

from __future__ import annotations

import csv
import functools
import re
import secrets
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TextIO

from core.constituencies import all_constituencies
from core.emails import email_key
from core.store import SIGNATURE, Store
from core.validation import validate

from organise.errors import CommandError
from organise.progress import Progress

COLUMNS: dict[str, str] = {
    "name": "full name (required)",
    "email": "email address (required)",
    "postcode": "UK postcode (required unless clp is given or country is not the UK)",
    "clp": "constituency: GSS code (E14001234) or name, as on the sign form",
    "country": "country of residence; blank or UK for people in the UK",
    "member": "member, not_member or suspended_expelled; blank if not known",
    "no_sharing": "yes if they opted out of sharing with local groups (blank: yes)",
    "contact": "yes if they asked for emails about LLA campaigns (blank: no)",
    "signed_at": "date they signed, YYYY-MM-DD or ISO 8601 (blank: today)",
}
REQUIRED = ("name", "email")
CONSENT = "import"  # what they agreed to is the other platform's wording, not ours
_UK = {"", "uk", "u.k.", "united kingdom", "gb", "great britain", "britain"} | {
    "england",
    "scotland",
    "wales",
    "northern ireland",
}
_YES = {"yes", "y", "true", "1", "x", "ticked"}
_NO = {"no", "n", "false", "0"}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?Z?")


# The form's messages speak to a supporter at the form; these speak to a file's author.
_FOR_FILES = {
    "Choose whether you are a Labour Party member": (
        "write member, not_member or suspended_expelled (or leave it blank)"
    ),
    "Choose your constituency from the list": (
        "write a constituency's GSS code (like E14001234) or its exact name"
    ),
    "Enter your postcode, or tick \u201cI live outside the UK\u201d": (
        "give a UK postcode, a clp, or a country outside the UK"
    ),
}


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.column}: {self.message}"


@dataclass
class ImportReport:
    dry_run: bool
    added: int = 0
    already: list[int] = field(default_factory=list)  # lines whose person had signed
    repeated: list[int] = field(default_factory=list)  # lines repeating an earlier line
    rejected: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        verb = "Would add" if self.dry_run else "Added"
        return (
            f"{verb} {self.added:,}; already signed (kept as they were) {len(self.already):,};"
            f" repeated in the file {len(self.repeated):,};"
            f" rejected {len({p.line for p in self.rejected}):,}."
        )

    def details(self) -> list[str]:
        lines = list(self.notes)
        lines += [str(p) for p in self.rejected]
        lines += [f"line {n}: already signed this petition: kept as it was" for n in self.already]
        lines += [f"line {n}: same person as an earlier line: skipped" for n in self.repeated]
        return lines


@functools.cache
def _clp_names() -> dict[str, str]:
    return {c.name.casefold(): c.gss for c in all_constituencies()}


def _flag(raw: str | None, column: str, default: bool, problems: list[Problem], line: int) -> bool:
    value = (raw or "").strip().lower()
    if not value:
        return default
    if value in _YES:
        return True
    if value in _NO:
        return False
    problems.append(Problem(line, column, "write yes or no (or leave it blank)"))
    return default


def _signed_at(raw: str | None, now: str, problems: list[Problem], line: int) -> str:
    value = (raw or "").strip()
    if not value:
        return now
    if _DATE.fullmatch(value):
        try:
            when = datetime.fromisoformat(value.replace("Z", "").replace(" ", "T"))
        except ValueError:
            pass
        else:
            return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    problems.append(Problem(line, "signed_at", "write a date like 2021-03-14"))
    return now


def check_header(fieldnames: Sequence[str] | None) -> list[str]:
    if not fieldnames:
        raise CommandError("The file is empty. Fix: the first line must name the columns.")
    names = [(n or "").strip().lower() for n in fieldnames]
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise CommandError(
            f"Unknown column {unknown[0]!r}. Fix: rename or remove it; columns read: "
            + ", ".join(COLUMNS)
        )
    missing = [n for n in REQUIRED if n not in names]
    if missing:
        raise CommandError(f"No {missing[0]!r} column. Fix: add one (required: name, email).")
    return names


def parse_row(raw: dict[str, str], line: int, now: str) -> tuple[dict[str, Any] | None, list]:
    """A CSV row -> (signature values, []) or (None, problems naming each column)."""
    problems: list[Problem] = []
    country = " ".join((raw.get("country") or "").split())
    clp = (raw.get("clp") or "").strip()
    member = (raw.get("member") or "").strip().lower()
    form = {
        "name": raw.get("name") or "",
        "email": raw.get("email") or "",
        "postcode": raw.get("postcode") or "",
        "clp": _clp_names().get(clp.casefold(), clp),
        "outside_uk": "" if country.casefold() in _UK else "yes",
        "country": country,
        # The form insists on a membership answer; an old petition may not have asked.
        "member": member or "not_member",
    }
    # A paper petition may give a CLP and no postcode; the form needs one or the other.
    clp_only = not form["postcode"].strip() and bool(clp) and not form["outside_uk"]
    if clp_only:
        form.update(outside_uk="yes", country="United Kingdom")
    data, errors = validate(form)
    problems += [Problem(line, col, _FOR_FILES.get(msg, msg)) for col, msg in errors.items()]
    no_sharing = _flag(raw.get("no_sharing"), "no_sharing", True, problems, line)
    contact = _flag(raw.get("contact"), "contact", False, problems, line)
    signed_at = _signed_at(raw.get("signed_at"), now, problems, line)
    if data is None or problems:
        return None, problems
    return {
        "kind": SIGNATURE,
        "status": "confirmed",
        "name": data.name,
        "email": data.email,
        "postcode": data.postcode,
        "country": None if clp_only else data.country,
        "clp": data.clp,
        "member": data.member if member else "unknown",
        "no_sharing": no_sharing,
        "contact": contact,
        "public": False,
        "consent": CONSENT,
        "signed_at": signed_at,
        "confirmed_at": signed_at,
        "source": "import",
        "imported_at": now,
    }, []


def _rows(source: TextIO, report: ImportReport, now: str) -> Iterator[tuple[int, dict | None]]:
    reader = csv.DictReader(source)
    names = check_header(reader.fieldnames)
    reader.fieldnames = names
    if "no_sharing" not in names:
        report.notes.append("no no_sharing column: everyone is recorded as not to be shared")
    if "contact" not in names:
        report.notes.append("no contact column: nobody is recorded as wanting emails")
    for raw in reader:
        if not any((v or "").strip() for v in raw.values() if isinstance(v, str)):
            continue  # a blank line
        if None in raw:
            extra = "more cells than columns: check for a stray comma"
            report.rejected.append(Problem(reader.line_num, "(row)", extra))
            continue
        values, problems = parse_row(raw, reader.line_num, now)
        report.rejected += problems
        yield reader.line_num, values


def run_import(
    store: Store,
    slug: str,
    source: TextIO,
    hash_key: bytes,
    dry_run: bool = False,
    all_or_nothing: bool = False,
    now: float | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import `source` into `slug`. With all_or_nothing, a file with any bad row
    writes nothing (the whole file is checked first, then read again to write)."""
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() if now is None else now))
    if all_or_nothing and not dry_run:
        check = run_import(store, slug, source, hash_key, dry_run=True, now=now)
        if check.rejected:
            check.notes.append("nothing imported: the file has rejected rows (all or nothing)")
            return check
        source.seek(0)
    report = ImportReport(dry_run=dry_run)
    # A dry run writes nothing, so it must remember the people met in the file (a key
    # each) to spot a repeat; a real run asks the table, keeping memory flat.
    seen: set[str] | None = set() if dry_run else None
    run = secrets.token_hex(8)  # marks this run's rows, to tell a repeat from a past signer
    for line, values in _rows(source, report, stamp):
        if progress:
            progress.step()
        if values is None:
            continue
        key = email_key(values["email"], hash_key)
        if seen is not None:
            if key in seen:
                report.repeated.append(line)
                continue
            seen.add(key)
            added = not store.get_signature(slug, key)
        else:
            added = store.put_signature_if_absent(slug, key, {**values, "import_run": run})
            if not added and store.get_signature(slug, key).get("import_run") == run:
                report.repeated.append(line)  # written by an earlier line of this run
                continue
        if added:
            report.added += 1
        else:
            report.already.append(line)
    return report
