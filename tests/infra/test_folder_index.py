"""The distribution's viewer-request function, run in Node with CloudFront's event shape:
the addresses readers type and follow must reach the files Pelican wrote."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.infra.conftest import RESOURCES

# Appended to the function's code: run the handler on each event given as the first argument.
HARNESS = "\nconsole.log(JSON.stringify(JSON.parse(process.argv[2]).map((e) => handler(e))));\n"


def run(requests: list[dict[str, Any]], tmp: Path) -> list[dict[str, Any]]:
    props = RESOURCES["FolderIndex"]["Properties"]
    assert props["FunctionConfig"]["Runtime"] == "cloudfront-js-2.0"
    events = [
        {
            "version": "1.0",
            "context": {"eventType": "viewer-request"},
            "viewer": {"ip": "198.51.100.7"},
            "request": {"method": "GET", "headers": {}, "cookies": {}, **r},
        }
        for r in requests
    ]
    node = shutil.which("node")
    assert node, "the CloudFront function tests need Node.js (apt-get install nodejs)"
    script = tmp / "folder_index.js"
    script.write_text(props["FunctionCode"] + HARNESS)
    result = subprocess.run(
        [node, str(script), json.dumps(events)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    cases = {
        "/": {},
        "/petitions/appeal/": {},
        "/news/2020/a.b/": {},
        "/petitions/appeal": {},
        "/search": {
            "q": {"value": "nhs"},
            "tag": {"value": "a", "multiValue": [{"value": "a"}, {"value": "b"}]},
        },
        "/theme/css/site.css": {},
        "/pagefind/wasm.en.pagefind": {},
        "/404.html": {},
    }
    requests = [{"uri": uri, "querystring": query} for uri, query in cases.items()]
    results = run(requests, tmp_path_factory.mktemp("cloudfront"))
    return dict(zip(cases, results, strict=True))


@pytest.mark.parametrize(
    ("uri", "served"),
    [
        ("/", "/index.html"),
        ("/petitions/appeal/", "/petitions/appeal/index.html"),
        ("/news/2020/a.b/", "/news/2020/a.b/index.html"),
    ],
)
def test_a_folder_address_serves_its_index_page(answers: dict, uri: str, served: str) -> None:
    assert answers[uri]["uri"] == served


@pytest.mark.parametrize("uri", ["/theme/css/site.css", "/pagefind/wasm.en.pagefind", "/404.html"])
def test_files_are_served_as_asked(answers: dict, uri: str) -> None:
    assert answers[uri]["uri"] == uri


def test_a_folder_without_its_slash_is_redirected_permanently(answers: dict) -> None:
    answer = answers["/petitions/appeal"]
    assert answer["statusCode"] == 301
    assert answer["headers"]["location"]["value"] == "/petitions/appeal/"


def test_the_redirect_keeps_the_query(answers: dict) -> None:
    answer = answers["/search"]
    assert answer["statusCode"] == 301
    assert answer["headers"]["location"]["value"] == "/search/?q=nhs&tag=a&tag=b"
