"""The real site under the production response headers, in Chromium: the CSP the template
sets must not block anything the pages do (inline scripts or styles would be refused
in production), and Pagefind's WebAssembly search must still run under it."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from dev import publish
from tests.infra.conftest import RESOURCES

pytestmark = pytest.mark.browser

# Records every violation the page reports, from the first script on.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"}`
    + ` at ${e.sourceFile || location.pathname}:${e.lineNumber}`);
});
"""

SEARCH = """async (term) => {
  const pagefind = await import("/pagefind/pagefind.js");
  const found = await pagefind.search(term);
  const first = found.results.length ? await found.results[0].data() : null;
  return {count: found.results.length, url: first && first.url};
}"""


def production_headers() -> dict[str, str]:
    """What the distribution's response headers policy adds to every answer."""
    config = RESOURCES["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    security = config["SecurityHeadersConfig"]
    headers = {
        "Content-Security-Policy": " ".join(
            security["ContentSecurityPolicy"]["ContentSecurityPolicy"].split()
        ),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": security["FrameOptions"]["FrameOption"],
        "Referrer-Policy": security["ReferrerPolicy"]["ReferrerPolicy"],
    }
    for item in config["CustomHeadersConfig"]["Items"]:
        headers[item["Header"]] = item["Value"]
    return headers


class _AsPublished(http.server.SimpleHTTPRequestHandler):
    """The bucket's files with the Content-Type publish gives them, plus the headers
    CloudFront adds."""

    headers_to_add: ClassVar[dict[str, str]] = {}

    def guess_type(self, path: Any) -> str:
        return publish.content_type(str(path))

    def end_headers(self) -> None:
        for name, value in self.headers_to_add.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def production_url(built_site: Path) -> Iterator[str]:
    handler = type("Handler", (_AsPublished,), {"headers_to_add": production_headers()})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def sample_pages(site: Path) -> list[str]:
    """One page of each kind: the home page, every top-level section and the first page
    inside each, and the 404 page."""
    pages = {"/", "/404.html"}
    for folder in sorted(p for p in site.iterdir() if p.is_dir()):
        if (folder / "index.html").exists():
            pages.add(f"/{folder.name}/")
        inner = sorted(folder.glob("*/index.html")) + sorted(folder.glob("*/*/index.html"))
        if inner:
            pages.add("/" + inner[0].parent.relative_to(site).as_posix() + "/")
    return sorted(pages)


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context()
    context.add_init_script(WATCH)
    tab = context.new_page()
    tab.console_errors = []
    tab.on(
        "console",
        lambda m: (
            m.type == "error"
            and "Content Security Policy" in m.text
            and tab.console_errors.append(m.text)
        ),
    )
    yield tab
    context.close()


def test_no_page_breaks_the_content_security_policy(
    built_site: Path, production_url: str, page: Any
) -> None:
    broken = {}
    for path in sample_pages(built_site):
        page.console_errors.clear()
        page.goto(production_url + path, wait_until="load")
        found = page.evaluate("window.__violations") + page.console_errors
        if found:
            broken[path] = found
    assert broken == {}


def test_search_runs_under_the_content_security_policy(
    built_site: Path, production_url: str, page: Any
) -> None:
    assert (built_site / "pagefind" / "pagefind.js").exists(), "the build made no search index"
    page.goto(production_url + "/", wait_until="load")
    found = page.evaluate(SEARCH, "labour")
    assert found["count"] > 0, page.console_errors
    assert page.evaluate("window.__violations") == [] and page.console_errors == []
