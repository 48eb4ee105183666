"""Link previews: every page carries OpenGraph and Twitter card tags, absolute in production."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import build_site


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("published") / "output"
    result = build_site(output, settings="publishconf.py", extra={"SEARCH_ENABLED": "false"})
    assert result.returncode == 0, result.stderr
    return output


def _meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:property|name)="{key}" content="([^"]*)"', html)
    return found.group(1) if found else None


def test_article_preview_is_absolute_and_describes_the_article(published: Path) -> None:
    html = (published / "news/2019/one-small-step-forward/index.html").read_text()
    assert _meta(html, "og:url") == "https://www.labourleft.org/news/2019/one-small-step-forward/"
    assert _meta(html, "og:image") == "https://www.labourleft.org/theme/images/share.png"
    assert _meta(html, "og:type") == "article"
    assert "first national networking meeting" in (_meta(html, "og:description") or "")
    assert _meta(html, "twitter:card") == "summary_large_image"
    assert (published / "theme/images/share.png").stat().st_size > 1000


def test_every_page_has_a_title_and_description_for_previews(published: Path) -> None:
    for file in published.rglob("index.html"):
        html = file.read_text()
        assert _meta(html, "og:title"), file
        assert _meta(html, "og:description"), file


def test_local_build_leaves_out_addresses_it_cannot_know(built_site: Path) -> None:
    html = (built_site / "index.html").read_text()
    assert _meta(html, "og:url") is None and _meta(html, "og:image") is None
