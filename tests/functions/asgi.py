"""A small synchronous client for ASGI apps (starlette's TestClient needs httpx2, which
the lock does not include). Each request runs the app in a fresh event loop."""

from __future__ import annotations

import asyncio
import json as jsonlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlencode, urlsplit


@dataclass
class Response:
    status_code: int
    headers: dict[str, str]
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8")

    def json(self) -> Any:
        return jsonlib.loads(self.content)


class Client:
    def __init__(
        self,
        app: Any,
        base_url: str = "http://testserver",
        client: tuple[str, int] = ("203.0.113.9", 50000),
    ) -> None:
        self.app = app
        self.base = urlsplit(base_url)
        self.client = client

    def request(
        self,
        method: str,
        url: str,
        *,
        data: Mapping[str, str] | str | bytes | None = None,
        json: Any = None,
        headers: Mapping[str, str] | None = None,
        client: tuple[str, int] | None = None,
    ) -> Response:
        parts = urlsplit(url)
        body = b""
        sent = {k.lower(): v for k, v in (headers or {}).items()}
        if json is not None:
            body = jsonlib.dumps(json).encode()
            sent.setdefault("content-type", "application/json")
            sent.setdefault("accept", "application/json")
        elif data is not None:
            body = (
                data
                if isinstance(data, bytes)
                else (data if isinstance(data, str) else urlencode(data)).encode()
            )
            sent.setdefault("content-type", "application/x-www-form-urlencoded")
        sent.setdefault("host", self.base.netloc)
        if body or method in ("POST", "PUT"):
            sent.setdefault("content-length", str(len(body)))
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": self.base.scheme,
            "path": unquote(parts.path),
            "raw_path": parts.path.encode(),
            "query_string": parts.query.encode(),
            "root_path": "",
            "headers": [(k.encode(), v.encode()) for k, v in sent.items()],
            "client": client or self.client,
            "server": (self.base.hostname or "testserver", 80),
        }
        return asyncio.run(self._run(scope, body))

    async def _run(self, scope: dict[str, Any], body: bytes) -> Response:
        chunks = [body[i : i + 4096] for i in range(0, len(body), 4096)] or [b""]
        messages = [
            {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
            for i, c in enumerate(chunks)
        ]
        started: dict[str, Any] = {}
        parts: list[bytes] = []

        async def receive() -> dict[str, Any]:
            if messages:
                return messages.pop(0)
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                started.update(message)
            elif message["type"] == "http.response.body":
                parts.append(message.get("body", b""))

        await self.app(scope, receive, send)
        headers = {k.decode().lower(): v.decode() for k, v in started.get("headers", [])}
        return Response(started["status"], headers, b"".join(parts))

    def get(self, url: str, **kwargs: Any) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Response:
        return self.request("POST", url, **kwargs)
