"""Site search with Pagefind: indexed at build time, searched in the browser.

Nothing leaves the site: the index and its script are static files under
/pagefind/, loaded only by the search page.
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from pelican import signals

__all__ = ["index_site", "register"]


def index_site(output_path: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", output_path, "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout + result.stderr, file=sys.stderr)
        print(
            "The site was built but its search index was not: see Pagefind's words above.",
            file=sys.stderr,
        )
        raise SystemExit(1)


def _finalized(pelican: Any) -> None:
    if pelican.settings.get("SEARCH_ENABLED", True):
        index_site(pelican.output_path)


def register() -> None:
    signals.finalized.connect(_finalized)
