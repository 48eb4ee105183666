"""Petitions and appeals: the site's own content type.

Each Markdown file in PETITION_PATHS becomes a Petition with its own page, a
"check your email" page, a "confirmed" page and, for a plan people sign up to,
a standing policy page. The list goes out as output/petitions.json too, which
publishing copies into DynamoDB so the functions know what can be signed.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from frontmatter import rules
from markupsafe import Markup
from pelican import signals
from pelican.contents import Content
from pelican.generators import Generator

__all__ = ["Petition", "PetitionsGenerator", "register"]


class Petition(Content):
    mandatory_properties = ("title",)
    allowed_statuses = ("open", "closed")
    default_status = "closed"
    default_template = "petition"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        meta = self.metadata
        self.kind: str = str(meta.get("kind", "petition")).lower()
        self.targets: list[str] = rules.targets(meta.get("targets"))
        self.goal: int = rules.whole_number(str(meta.get("goal", "0"))) or 0
        self.opened: datetime.date | None = rules.iso_date(str(meta.get("opened", "")))
        self.opened_estimated = rules.yes(meta.get("opened_estimated"))
        self.imported_count = rules.whole_number(str(meta.get("imported_count", "0"))) or 0
        self.imported_clps = rules.whole_number(str(meta.get("imported_clps", "0"))) or 0
        self.policy = rules.yes(meta.get("policy"))
        base = f"{self.slug}/" if self.kind == "appeal" else f"petitions/{self.slug}/"
        self.override_url = base
        self.override_save_as = base + "index.html"
        self.thanks_url = base + "thanks/"
        self.confirmed_url = base + "confirmed/"
        self.policy_url = f"policy/{self.slug}/" if self.policy else None
        api_base = self.settings.get("API_BASE", "/api")
        self.api_url = f"{api_base}/petitions/{self.slug}"
        self.sign_url = f"{self.api_url}/signatures"
        self.count = self.imported_count
        self.distinct_clps = self.imported_clps
        self.count_as_of: datetime.datetime | None = None
        # Supporters by region, largest first: open data, shown as a table.
        self.regions: list[tuple[str, int]] = []

    @property
    def is_open(self) -> bool:
        return self.status == "open"

    @property
    def progress_percent(self) -> int:
        if self.goal <= 0:
            return 0
        return min(100, self.count * 100 // self.goal)

    def as_record(self) -> dict[str, Any]:
        """What the functions need to know, for petitions.json."""
        return {
            "slug": self.slug,
            "title": self.title,
            "kind": self.kind,
            "status": self.status,
            "goal": self.goal,
            "imported_count": self.imported_count,
            "imported_clps": self.imported_clps,
            "targets": self.targets,
            "url": self.url,
            "opened": self.opened.isoformat() if self.opened else "",
        }


def apply_snapshot(petitions: list[Petition], path: str | None) -> None:
    """With JavaScript off, readers see the counts as they were at the last publish."""
    if not path:
        return
    snapshot = json.loads(Path(path).read_text(encoding="utf-8"))
    taken = datetime.datetime.fromisoformat(snapshot["generated_at"])
    for petition in petitions:
        counts = snapshot.get("petitions", {}).get(petition.slug)
        if counts:
            petition.count = int(counts["total"])
            petition.distinct_clps = int(counts.get("distinct_clps", petition.distinct_clps))
            petition.count_as_of = taken
            regions = counts.get("regions") or {}
            petition.regions = sorted(
                ((name, int(n)) for name, n in regions.items() if int(n) > 0),
                key=lambda item: (-item[1], item[0]),
            )


class PetitionsGenerator(Generator):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.petitions: list[Petition] = []
        super().__init__(*args, **kwargs)

    def generate_context(self) -> None:
        petitions = []
        for path in self.get_files(self.settings.get("PETITION_PATHS", [])):
            petition = self.readers.read_file(
                base_path=self.path, path=path, content_class=Petition, context=self.context
            )
            if petition.is_valid():
                petitions.append(petition)
                self.add_source_path(petition)
        apply_snapshot(petitions, self.settings.get("PETITION_COUNTS_FILE"))
        # Open petitions first, then the newest.
        petitions.sort(key=lambda p: (not p.is_open, -(p.opened or datetime.date.min).toordinal()))
        self.petitions = petitions
        self.context["petitions"] = petitions
        self.context["appeal"] = next((p for p in petitions if p.kind == "appeal"), None)

    def generate_output(self, writer: Any) -> None:
        relative = self.settings["RELATIVE_URLS"]
        for petition in self.petitions:
            pages = [
                (petition.save_as, "petition"),
                (petition.thanks_url + "index.html", "petition_thanks"),
                (petition.confirmed_url + "index.html", "petition_confirmed"),
            ]
            if petition.policy_url:
                pages.append((petition.policy_url + "index.html", "policy"))
            for save_as, template in pages:
                writer.write_file(
                    save_as,
                    self.get_template(template),
                    self.context,
                    relative_urls=relative,
                    petition=petition,
                    url=save_as.removesuffix("index.html"),
                )
        writer.write_file(
            "petitions/index.html",
            self.get_template("petitions"),
            self.context,
            relative_urls=relative,
            url="petitions/",
        )
        records = [p.as_record() for p in self.petitions]
        out = Path(self.output_path) / "petitions.json"
        out.write_text(json.dumps(records, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def signature_form(petition: Petition) -> Markup:
    """The Jinja global: the same form the sign function re-renders with errors."""
    from core.forms import render_signature_form

    # The form module escapes every value it writes.
    return Markup(  # noqa: S704
        render_signature_form(
            slug=petition.slug,
            title=petition.title,
            action=petition.sign_url,
            api_base=petition.settings.get("API_BASE", "/api"),
        )
    )


def donation_form() -> Markup:
    """The Jinja global for the Donate page: the form the donate function re-renders."""
    from donate.form import render_donation_form

    return Markup(render_donation_form())  # noqa: S704 (the form module escapes)


def _add_form_global(pelican: Any) -> None:
    # Module level, not closures: Pelican's content cache pickles the settings.
    jinja_globals = pelican.settings.setdefault("JINJA_GLOBALS", {})
    jinja_globals["signature_form"] = signature_form
    jinja_globals["donation_form"] = donation_form


def _generator(pelican: Any) -> type[Generator]:
    return PetitionsGenerator


def register() -> None:
    signals.initialized.connect(_add_form_global)
    signals.get_generators.connect(_generator)
