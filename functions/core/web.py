"""HTTP helpers the functions share: body limits, same-origin, client address, answers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from core.settings import Settings

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
NO_STORE = {"Cache-Control": "no-store"}


class BodyTooLarge(Exception):
    pass


class BadBody(Exception):
    """Not the form or JSON object it claims to be (message safe to show)."""


def media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


def wants_json(request: Request) -> bool:
    return media_type(request) == JSON or JSON in request.headers.get("accept", "")


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refusing (BodyTooLarge) before reading more than `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def parse_body(body: bytes, kind: str) -> dict[str, object]:
    """A urlencoded form (first value of each name) or a JSON object."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadBody("The form was not sent as UTF-8 text") from None
    if kind == JSON:
        try:
            data = json.loads(text) if text.strip() else {}
        except ValueError:
            raise BadBody("The JSON in the request could not be read") from None
        if not isinstance(data, dict):
            raise BadBody("Send the fields as a JSON object")
        return data
    fields: dict[str, object] = {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, max_num_fields=64, errors="strict")
    except ValueError:
        raise BadBody("The form could not be read") from None
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


def same_origin(request: Request, settings: Settings) -> bool:
    """Refuse posts from other sites (CSRF): the browser's Origin, or failing that its
    Sec-Fetch-Site, must say the form came from this site. Clients that send neither
    are not browsers, and a forged header only fools ourselves."""
    origin = request.headers.get("origin")
    if origin is not None:
        if origin == settings.site_origin:
            return True
        host = request.headers.get("host", "")
        return bool(host) and urlsplit(origin).netloc == host and origin != "null"
    site = request.headers.get("sec-fetch-site")
    return site is None or site in ("same-origin", "none")


def client_ip(request: Request, settings: Settings) -> str | None:
    """The supporter's address, for the rate limit only (hashed at once, never stored)."""
    if settings.client_ip_header:
        value = request.headers.get(settings.client_ip_header, "").strip()
        if value:
            # CloudFront-Viewer-Address is "address:port" (IPv6 unbracketed): drop the port.
            address, colon, port = value.rpartition(":")
            return (address if colon and port.isdigit() else value).strip("[]")
    return request.client.host if request.client else None


def json_answer(
    data: Mapping[str, object], status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    return JSONResponse(dict(data), status_code=status, headers={**NO_STORE, **(headers or {})})


def html_answer(html: str, status: int = 200, headers: Mapping[str, str] | None = None) -> Response:
    return HTMLResponse(html, status_code=status, headers={**NO_STORE, **(headers or {})})
