"""The built site, served as CloudFront serves it, plus live reload for editors."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response, StreamingResponse
from starlette.types import Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ["content", "theme", "plugins", "pelicanconf.py", "functions/core/forms.py"]

_RELOAD_SCRIPT = b"""<script>
(function () {
  var source = new EventSource("/__livereload");
  source.onmessage = function () { location.reload(); };
})();
</script>"""


def build(output: Path, settings: str = "pelicanconf.py") -> bool:
    """Run the real Pelican build; print its errors (an editor's bad front matter) and carry on."""
    result = subprocess.run(
        [sys.executable, "-m", "pelican", "-s", settings, "-o", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        print(result.stdout[-4000:], result.stderr[-4000:], sep="\n", file=sys.stderr)
    return result.returncode == 0


class LiveReload:
    """Tells every open page to reload after a rebuild (server-sent events)."""

    def __init__(self) -> None:
        self.version = 0
        self._changed: asyncio.Condition | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def bump(self) -> None:
        """Called from the watcher thread."""
        if self._loop is not None:
            self._loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self._notify()))

    async def _notify(self) -> None:
        assert self._changed is not None
        async with self._changed:
            self.version += 1
            self._changed.notify_all()

    async def events(self) -> AsyncIterator[str]:
        if self._changed is None:
            self._loop = asyncio.get_running_loop()
            self._changed = asyncio.Condition()
        seen = self.version
        yield ": connected\n\n"
        while True:
            async with self._changed:
                try:
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda seen=seen: self.version != seen), 15
                    )
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
            seen = self.version
            yield "data: reload\n\n"

    async def endpoint(self, request: Request) -> Response:
        return StreamingResponse(
            self.events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
        )

    def watch(self, output: Path, after_build: Callable[[], None], stop: threading.Event) -> None:
        """Rebuild whenever content, theme or plugins change (run in a thread)."""
        from watchfiles import watch

        paths = [ROOT / p for p in WATCHED if (ROOT / p).exists()]
        for _changes in watch(*paths, stop_event=stop, debounce=300):
            print("change seen: rebuilding the site...", file=sys.stderr)
            if build(output):
                after_build()
                self.bump()


class Site:
    """Static files from output/ with CloudFront's rules: /x/ -> /x/index.html, else /404.html."""

    def __init__(self, output: Path, *, live_reload: bool) -> None:
        self.output = output.resolve()
        self.live_reload = live_reload

    def _find(self, path: str) -> Path | None:
        candidate = (self.output / path.lstrip("/")).resolve()
        if not candidate.is_relative_to(self.output):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        found = self._find(path)
        if found is None and not path.endswith("/") and (self.output / path.lstrip("/")).is_dir():
            response: Response = Response(status_code=301, headers={"Location": path + "/"})
        elif found is None:
            response = self._html(self.output / "404.html", status=404)
        elif found.suffix == ".html":
            response = self._html(found)
        else:
            response = FileResponse(found, headers={"Cache-Control": "no-cache"})
        await response(scope, receive, send)

    def _html(self, file: Path, status: int = 200) -> Response:
        body = file.read_bytes() if file.is_file() else b"<h1>Not found</h1>"
        if self.live_reload:
            body = body.replace(b"</body>", _RELOAD_SCRIPT + b"</body>", 1)
        return HTMLResponse(body, status_code=status, headers={"Cache-Control": "no-cache"})
