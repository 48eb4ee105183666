"""Counts, postcodes and constituencies: cacheable GETs that the CDN answers most of."""

from __future__ import annotations

from core import counts, postcodes, runtime
from core.constituencies import all_constituencies
from core.errors import Unavailable
from core.petitions import SLUG, Petition
from core.settings import Settings
from core.store import Store
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

# Page refreshes must reach the CDN, not DynamoDB (the UK Parliament site fell over on
# refresh load in 2019): a few seconds fresh, served stale while refreshing, and for a
# day if the function errors.
LIVE = "public, max-age=5, s-maxage=5, stale-while-revalidate=30, stale-if-error=86400"
DAILY = "public, max-age=86400, s-maxage=86400"
NOT_FOUND_PETITION = "We can't find that petition"


def _json(data: object, status: int = 200, cache: str = LIVE, **headers: str) -> Response:
    return JSONResponse(data, status_code=status, headers={"Cache-Control": cache, **headers})


def create_app(store: Store, settings: Settings) -> Starlette:
    def read_petition(slug: str) -> dict | None:
        if not SLUG.fullmatch(slug):
            return None
        found = store.get_petitions_and_counts([slug])[slug]
        if not found[0]:
            return None
        return counts.petition_counts(Petition.from_item(found[0]), found[1])

    def read_totals() -> dict:
        slugs = store.get_petition_index()
        found = store.get_petitions_and_counts(slugs)
        return counts.totals(
            {s: (Petition.from_item(meta), c) for s, (meta, c) in found.items() if meta}
        )

    async def petition(request: Request) -> Response:
        try:
            data = await run_in_threadpool(read_petition, request.path_params["slug"])
        except Unavailable:
            return _json(
                {"error": "Counts are not available just now"},
                503,
                "no-store",
                **{"Retry-After": "5"},
            )
        if data is None:
            return _json({"error": NOT_FOUND_PETITION}, 404)
        return _json(data)

    async def totals(request: Request) -> Response:
        try:
            data = await run_in_threadpool(read_totals)
        except Unavailable:
            return _json(
                {"error": "Counts are not available just now"},
                503,
                "no-store",
                **{"Retry-After": "5"},
            )
        return _json(data)

    async def postcode(request: Request) -> Response:
        raw = request.path_params["postcode"]
        try:
            place = postcodes.locate(raw)
        except postcodes.InvalidPostcode:
            return _json({"error": postcodes.FORMAT_MESSAGE}, 422, DAILY)
        except postcodes.UnknownPostcode:
            return _json({"error": postcodes.UNKNOWN_MESSAGE}, 404, DAILY)
        if place.nation == "Northern Ireland":
            return _json(
                {"postcode": place.postcode, "nation": place.nation, "constituency": None},
                cache=DAILY,
            )
        if place.constituency is None:
            return _json({"error": postcodes.UNKNOWN_MESSAGE}, 404, DAILY)
        c = place.constituency
        return _json(
            {
                "postcode": place.postcode,
                "nation": c.nation,
                "constituency": {"gss": c.gss, "name": c.name, "region": c.region},
            },
            cache=DAILY,
        )

    async def constituencies(request: Request) -> Response:
        return _json(
            [{"gss": c.gss, "name": c.name, "region": c.region} for c in all_constituencies()],
            cache=DAILY,
        )

    return Starlette(
        routes=[
            Route("/api/petitions/{slug}", petition, methods=["GET"]),
            Route("/api/totals", totals, methods=["GET"]),
            Route("/api/postcodes/{postcode}", postcode, methods=["GET"]),
            Route("/api/constituencies", constituencies, methods=["GET"]),
        ]
    )


handler = runtime.http(create_app, needs_hash_key=False)
