"""Fixtures shared by the whole suite: the real Pelican build, a server for it, Chromium."""

from __future__ import annotations

import functools
import http.server
import logging
import os
import shutil
import subprocess
import sys
import threading
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.personal import PersonalData

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "functions"), str(ROOT / "plugins")]

# moto parses update expressions recursively: the tally's 200-term ADD (which DynamoDB
# itself accepts) goes deeper than Python's default 1,000 frames.
sys.setrecursionlimit(5000)

# No test may reach AWS: botocore finds these instead of real credentials.
os.environ.update(
    AWS_ACCESS_KEY_ID="testing",
    AWS_SECRET_ACCESS_KEY="testing",
    AWS_SESSION_TOKEN="testing",
    AWS_DEFAULT_REGION="eu-west-2",
)
for _var in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB"):
    os.environ.pop(_var, None)


def build_site(
    output: Path,
    *,
    settings: str = "pelicanconf.py",
    content: Path | None = None,
    extra: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real Pelican build, as `./run build` does, into `output`."""
    cache = output.parent / f"{output.name}-cache"
    args = [
        sys.executable,
        "-m",
        "pelican",
        *([str(content)] if content is not None else []),
        "-s",
        str(ROOT / settings),
        "-o",
        str(output),
        "-e",
        f'CACHE_PATH="{cache}"',
    ]
    args += ["-e", *(f"{key}={value}" for key, value in (extra or {}).items())]
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


# --- personal data must never reach a log: checked around every test in the suite ---


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += f" {record.exc_info[1]!r}"
        self.lines.append(f"{record.name}: {text}")


@pytest.fixture
def personal() -> PersonalData:
    return PersonalData()


@pytest.fixture(autouse=True)
def no_personal_data_in_logs(personal: PersonalData) -> Iterator[list[str]]:
    """Fails the test if anything logged at INFO or above (as Lambda keeps it) holds an
    email, a postcode, an IP address, or a name the test registered."""
    capture = _Capture()
    root = logging.getLogger()
    level = root.level
    root.addHandler(capture)
    root.setLevel(logging.INFO)
    try:
        yield capture.lines
    finally:
        root.removeHandler(capture)
        root.setLevel(level)
    leaks = {line: personal.found_in(line) for line in capture.lines}
    leaks = {line: found for line, found in leaks.items() if found}
    assert not leaks, f"personal data in logs: {leaks}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session from content/ with the project's theme and plugins."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = build_site(output)
    assert result.returncode == 0, f"pelican failed:\n{result.stdout}\n{result.stderr}"
    return output


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served over HTTP on a free local port (static files only)."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright (no browser download). Per module, since
    Playwright's sync API holds an event loop open in the main thread while it runs,
    which other tests' asyncio.run() would trip over."""
    executable = shutil.which("chromium") or "/usr/bin/chromium"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Artefacts:
    """Screenshots for people to look at, in test-artifacts/.

    A screenshot is a record, not a check: the test around it asserts what the user
    sees. Headless Chromium now and then never paints the frame a capture waits for
    (seen once here, right after a form's redirect), so a stalled capture warns and
    the test goes on to its assertions instead of failing on the picture."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def screenshot(self, page: Any, name: str, **options: Any) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            page.screenshot(path=self.path / name, timeout=15_000, **options)
        except PlaywrightTimeout:
            warnings.warn(f"no screenshot {name}: Chromium did not paint within 15 s", stacklevel=2)


@pytest.fixture(scope="session")
def artefacts() -> Artefacts:
    path = ROOT / "test-artifacts"
    path.mkdir(exist_ok=True)
    return Artefacts(path)
