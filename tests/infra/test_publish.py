"""`./run publish` against moto's S3, CloudFront, CloudFormation and DynamoDB: what goes
up, with which headers, what is deleted, which paths are invalidated; and once, the
whole command with the real production build."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto import mock_aws

from dev import publish
from dev.schema import create_table

REGION = "eu-west-2"
BUCKET = "campaign-site-sitebucket-test"
TABLE = "campaign-site-table-test"
SITE = "https://www.example.org"

FILES = {
    "index.html": "<h1>Home</h1>",
    "404.html": "<h1>Not found</h1>",
    "petitions/index.html": "<h1>Petitions</h1>",
    "petitions/appeal/index.html": "<h1>Appeal</h1>",
    "theme/css/site.css": "body { color: #111 }",
    "theme/js/sign.js": "document.title;",
    "images/logo.png": "\x89PNG fake",
    "feeds/all.atom.xml": "<feed/>",
    "sitemap.xml": "<urlset/>",
    "petitions.json": "[]",
    "pagefind/pagefind.js": "export {};",
    "pagefind/pagefind-entry.json": '{"version": "1.5.2"}',
    "pagefind/wasm.en.pagefind": "wasm",
    "pagefind/pagefind.en_67231a030a.pf_meta": "meta",
    "pagefind/index/en_dc9473e.pf_index": "index",
    "pagefind/fragment/en_1c71e0a.pf_fragment": "fragment",
}


def write(root: Path, files: dict[str, str]) -> Path:
    for key, text in files.items():
        path = root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture
def aws() -> Iterator[boto3.Session]:
    with mock_aws():
        session = boto3.Session(region_name=REGION)
        session.client("s3").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION}
        )
        yield session


@pytest.fixture
def distribution(aws: boto3.Session) -> str:
    config = {
        "CallerReference": "test",
        "Comment": "site",
        "Enabled": True,
        "Origins": {
            "Quantity": 1,
            "Items": [
                {
                    "Id": "site",
                    "DomainName": f"{BUCKET}.s3.{REGION}.amazonaws.com",
                    "S3OriginConfig": {"OriginAccessIdentity": ""},
                }
            ],
        },
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
        },
    }
    created = aws.client("cloudfront").create_distribution(DistributionConfig=config)
    return str(created["Distribution"]["Id"])


def sync(session: boto3.Session, output: Path, distribution: str) -> tuple[publish.Plan, list[str]]:
    """What publish does after the build: plan, upload and delete, invalidate."""
    s3 = session.client("s3")
    todo = publish.plan(publish.scan(output), publish.remote_etags(s3, BUCKET), everything=False)
    publish.apply(s3, BUCKET, todo)
    paths = publish.invalidation_paths(todo.changed_keys)
    publish.invalidate(session.client("cloudfront"), distribution, paths)
    return todo, paths


def invalidations(session: boto3.Session, distribution: str) -> list[list[str]]:
    cloudfront = session.client("cloudfront")
    listed = cloudfront.list_invalidations(DistributionId=distribution)["InvalidationList"]
    return [
        cloudfront.get_invalidation(DistributionId=distribution, Id=item["Id"])["Invalidation"][
            "InvalidationBatch"
        ]["Paths"].get("Items", [])
        for item in listed.get("Items", [])
    ]


def headers(session: boto3.Session, key: str) -> tuple[str, str]:
    head = session.client("s3").head_object(Bucket=BUCKET, Key=key)
    return head["ContentType"], head["CacheControl"]


# --- what goes up, with which headers -------------------------------------------------


@pytest.mark.parametrize(
    ("key", "content_type", "cache_control"),
    [
        ("index.html", "text/html; charset=utf-8", publish.PAGE),
        ("petitions/appeal/index.html", "text/html; charset=utf-8", publish.PAGE),
        ("404.html", "text/html; charset=utf-8", publish.PAGE),
        ("feeds/all.atom.xml", "application/atom+xml; charset=utf-8", publish.PAGE),
        ("sitemap.xml", "application/xml", publish.PAGE),
        ("petitions.json", "application/json", publish.PAGE),
        ("pagefind/pagefind-entry.json", "application/json", publish.PAGE),
        ("theme/css/site.css", "text/css; charset=utf-8", publish.ASSET),
        ("theme/js/sign.js", "text/javascript; charset=utf-8", publish.ASSET),
        ("images/logo.png", "image/png", publish.ASSET),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", publish.ASSET),
        ("pagefind/wasm.en.pagefind", "application/octet-stream", publish.ASSET),
        ("pagefind/pagefind.en_67231a030a.pf_meta", "application/octet-stream", publish.IMMUTABLE),
        ("pagefind/index/en_dc9473e.pf_index", "application/octet-stream", publish.IMMUTABLE),
        ("pagefind/fragment/en_1c71e0a.pf_fragment", "application/octet-stream", publish.IMMUTABLE),
    ],
)
def test_each_kind_of_file_gets_its_type_and_cache_lifetime(
    key: str, content_type: str, cache_control: str
) -> None:
    assert (publish.content_type(key), publish.cache_control(key)) == (content_type, cache_control)


def test_uploaded_files_carry_their_headers(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    sync(aws, write(tmp_path, FILES), distribution)
    for key in FILES:
        assert headers(aws, key) == (publish.content_type(key), publish.cache_control(key))


def test_cache_lifetimes_are_long_for_hashed_files_and_short_for_pages() -> None:
    assert "immutable" in publish.IMMUTABLE and "max-age=31536000" in publish.IMMUTABLE
    assert "max-age=60," in publish.PAGE
    assert "max-age=3600," in publish.ASSET


def test_first_publish_uploads_everything_and_invalidates_the_pages_urls(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    todo, paths = sync(aws, write(tmp_path, FILES), distribution)
    assert sorted(f.key for f in todo.upload) == sorted(FILES)
    listed = aws.client("s3").list_objects_v2(Bucket=BUCKET)["Contents"]
    assert sorted(o["Key"] for o in listed) == sorted(FILES)
    # Readers ask for /petitions/appeal/; the edge may hold it under either name.
    assert "/petitions/appeal/" in paths and "/petitions/appeal/index.html" in paths
    assert "/" in paths and "/index.html" in paths
    assert invalidations(aws, distribution) == [paths]


def test_an_unchanged_site_uploads_and_invalidates_nothing(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    output = write(tmp_path, FILES)
    sync(aws, output, distribution)
    todo, paths = sync(aws, output, distribution)
    assert todo.upload == [] and todo.delete == [] and paths == []
    assert todo.unchanged == len(FILES)
    assert len(invalidations(aws, distribution)) == 1


def test_only_what_changed_is_uploaded_deleted_and_invalidated(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    output = write(tmp_path, FILES)
    sync(aws, output, distribution)
    write(output, {"petitions/appeal/index.html": "<h1>Appeal: 1,800 signatures</h1>"})
    write(output, {"petitions/new-one/index.html": "<h1>New</h1>"})
    (output / "theme/js/sign.js").unlink()

    todo, paths = sync(aws, output, distribution)

    assert [f.key for f in todo.upload] == [
        "petitions/appeal/index.html",
        "petitions/new-one/index.html",
    ]
    assert todo.delete == ["theme/js/sign.js"]
    assert paths == [
        "/petitions/appeal/",
        "/petitions/appeal/index.html",
        "/petitions/new-one/",
        "/petitions/new-one/index.html",
        "/theme/js/sign.js",
    ]
    made = invalidations(aws, distribution)
    assert len(made) == 2 and paths in made
    keys = {o["Key"] for o in aws.client("s3").list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert "theme/js/sign.js" not in keys and "petitions/new-one/index.html" in keys
    body = aws.client("s3").get_object(Bucket=BUCKET, Key="petitions/appeal/index.html")["Body"]
    assert b"1,800" in body.read()


def test_assets_go_up_before_the_pages_that_use_them(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    s3 = aws.client("s3")
    order: list[str] = []
    s3.meta.events.register(
        "provide-client-params.s3.PutObject", lambda params, **_: order.append(params["Key"])
    )
    todo = publish.plan(publish.scan(write(tmp_path, FILES)), {}, everything=False)
    publish.apply(s3, BUCKET, todo)
    pages = [i for i, key in enumerate(order) if publish.is_page(key)]
    assets = [i for i, key in enumerate(order) if not publish.is_page(key)]
    assert len(order) == len(FILES) and max(assets) < min(pages)


def test_a_site_wide_change_invalidates_folders_not_every_page() -> None:
    keys = [f"news/2020/article-{n}/index.html" for n in range(200)] + [
        "index.html",
        "feeds/all.atom.xml",
    ]
    assert publish.invalidation_paths(keys) == ["/", "/feeds/*", "/index.html", "/news/*"]
    many_folders = [f"folder-{n}/index.html" for n in range(200)]
    assert publish.invalidation_paths(many_folders) == ["/*"]


def test_paths_with_spaces_are_url_encoded() -> None:
    assert publish.invalidation_paths(["images/a photo.jpg"]) == ["/images/a%20photo.jpg"]


# --- the whole command ----------------------------------------------------------------------


def test_publish_builds_syncs_petitions_uploads_and_invalidates(
    aws: boto3.Session, distribution: str, tmp_path: Path
) -> None:
    create_table(aws.client("dynamodb"), TABLE)
    outputs = {"SiteUrl": SITE, "BucketName": BUCKET, "TableName": TABLE}
    aws.client("cloudformation").create_stack(
        StackName="campaign-site",
        TemplateBody=json.dumps(
            {
                "Resources": {"Topic": {"Type": "AWS::SNS::Topic"}},
                "Outputs": {
                    **{k: {"Value": v} for k, v in outputs.items()},
                    "DistributionId": {"Value": distribution},
                },
            }
        ),
    )
    messages: list[str] = []

    todo = publish.publish(aws, "campaign-site", tmp_path / "output", log=messages.append)

    s3 = aws.client("s3")
    uploaded = {o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {"index.html", "404.html", "petitions.json", "sitemap.xml"} <= uploaded
    assert uploaded == {f.key for f in todo.upload}
    home = s3.get_object(Bucket=BUCKET, Key="index.html")
    assert home["ContentType"] == "text/html; charset=utf-8"
    # publishconf.py: links carry the production address.
    assert SITE.encode() in home["Body"].read()
    meta = aws.client("dynamodb").get_item(
        TableName=TABLE, Key={"pk": {"S": "PETITION#appeal"}, "sk": {"S": "META"}}
    )
    assert meta["Item"]["status"]["S"] == "open"
    assert len(invalidations(aws, distribution)) == 1
    assert any(m.startswith(f"Published {SITE}") for m in messages)


def test_publish_refuses_a_stack_that_is_not_there(aws: boto3.Session, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="Fix: deploy it first"):
        publish.publish(aws, "no-such-stack", tmp_path / "output")


def test_counts_snapshot_gives_each_petition_the_total_the_api_shows(aws: boto3.Session) -> None:
    from core.petitions import sync_petitions
    from core.store import Store

    create_table(aws.client("dynamodb"), TABLE)
    store = Store(aws.client("dynamodb"), TABLE)
    sync_petitions(
        store,
        [
            {
                "slug": "appeal",
                "title": "Appeal",
                "kind": "appeal",
                "status": "open",
                "goal": 5000,
                "imported_count": 1700,
                "imported_clps": 450,
                "url": "appeal/",
            }
        ],
    )
    snapshot = publish.counts_snapshot(store)
    appeal = snapshot["petitions"]["appeal"]
    assert (appeal["total"], appeal["distinct_clps"], appeal["goal"]) == (1700, 450, 5000)
    assert snapshot["generated_at"].endswith("+00:00")
