"""`sam build` from a clean copy of the tree, then each built function run as Lambda runs
it: only the standard library and its artefact on the path, the environment the
template gives it, AWS played by a moto server, and real event shapes (API Gateway HTTP
API v2 behind CloudFront, DynamoDB Streams, SNS). The AWS calls each makes must be ones
its IAM policy in the template allows: moto enforces no IAM, production does.

The donation functions (donate.app, donate.webhook) are not run here yet: their code
has not landed. test_template.py checks their routes and grants.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from botocore.session import get_session
from moto.server import ThreadedMotoServer

from dev.schema import create_table, ttl_attribute
from dev.streams import is_signature, lambda_record, streams_client
from tests.infra.conftest import ROOT, SAM_CLI, TEMPLATE, UV, as_list, functions, statements, tool

REGION = "eu-west-2"
ACCOUNT = "123456789012"
TABLE = "campaign-site-Table-TEST"
SITE = "https://www.example.org"
MAIL_DOMAIN = "example.org"
CONFIGURATION_SET = "campaign-site-mail"
API_HOST = "a1b2c3d4e5.execute-api.eu-west-2.amazonaws.com"
HASH_KEY = "artefact-test-hash-key-0123456789abcdef"
DRIVER = Path(__file__).with_name("lambda_driver.py")

# What each parameter resolves to in this test's "deployment".
PARAMETERS = {
    "DomainName": "www.example.org",
    "MailFrom": f"Labour Left Alliance <petitions@{MAIL_DOMAIN}>",
    "MailIdentity": MAIL_DOMAIN,
}


# --- the build ----------------------------------------------------------------------------


def clean_copy(destination: Path) -> Path:
    """What a fresh clone of this tree holds: tracked and new files, nothing ignored."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return destination


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    requirements = ROOT / "functions" / "requirements.txt"
    assert requirements.exists(), (
        "functions/requirements.txt is missing, so sam build would ship the functions "
        "without their dependencies. Fix: .tools/bin/uv export --frozen --no-default-groups "
        "--no-emit-project --no-header --no-annotate > functions/requirements.txt"
    )
    tree = clean_copy(tmp_path_factory.mktemp("clean"))
    result = tool(SAM_CLI, "sam", "build", "--template", "template.yaml", cwd=tree)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return tree / ".aws-sam" / "build"


def test_requirements_are_the_locked_runtime_dependencies() -> None:
    exported = subprocess.run(
        [
            str(UV),
            "export",
            "--frozen",
            "--no-default-groups",
            "--no-emit-project",
            "--no-header",
            "--no-annotate",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requirements = ROOT / "functions" / "requirements.txt"
    assert requirements.exists() and requirements.read_text() == exported, (
        "functions/requirements.txt differs from uv.lock. Fix: .tools/bin/uv export --frozen "
        "--no-default-groups --no-emit-project --no-header --no-annotate "
        "> functions/requirements.txt"
    )


# --- AWS, played by a moto server ----------------------------------------------------------


@pytest.fixture(scope="module")
def aws() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    session = get_session()

    def client(service: str) -> Any:
        return session.create_client(service, region_name=REGION, endpoint_url=endpoint)

    create_table(client("dynamodb"), TABLE)
    client("ssm").put_parameter(
        Name=TEMPLATE["Parameters"]["HashKeyParameter"]["Default"],
        Value=HASH_KEY,
        Type="SecureString",
    )
    for parameter, value in (
        ("StripeSecretKeyParameter", "sk_test_built_function"),
        ("StripeWebhookSecretParameter", WEBHOOK_SECRET),
    ):
        client("ssm").put_parameter(
            Name=TEMPLATE["Parameters"][parameter]["Default"], Value=value, Type="SecureString"
        )
    ses = client("sesv2")
    ses.create_email_identity(EmailIdentity=MAIL_DOMAIN)
    ses.create_configuration_set(ConfigurationSetName=CONFIGURATION_SET)

    sys.path.insert(0, str(ROOT / "functions"))
    from core.petitions import sync_petitions
    from core.store import Store

    sync_petitions(
        Store(client("dynamodb"), TABLE),
        [
            {
                "slug": "appeal",
                "title": "Appeal for a democratic Labour Left Alliance",
                "kind": "appeal",
                "status": "open",
                "goal": 5000,
                "imported_count": 1700,
                "imported_clps": 450,
                "url": "appeal/",
            }
        ],
    )
    yield endpoint
    server.stop()


def _client(endpoint: str, service: str) -> Any:
    return get_session().create_client(service, region_name=REGION, endpoint_url=endpoint)


# --- the template's environment, resolved as CloudFormation would here ------------------


def resolve(value: Any) -> Any:
    if isinstance(value, str):
        return value
    if "Ref" in value:
        name = value["Ref"]
        if name in PARAMETERS:
            return PARAMETERS[name]
        if name in TEMPLATE["Parameters"]:
            return TEMPLATE["Parameters"][name]["Default"]
        return {"Table": TABLE, "MailConfigurationSet": CONFIGURATION_SET}[name]
    if "Fn::If" in value:
        condition, yes, no = value["Fn::If"]
        assert condition == "HasDomain", condition
        return resolve(yes if PARAMETERS["DomainName"] else no)
    if "Fn::Sub" in value:
        return re.sub(r"\$\{([\w:.]+)\}", lambda m: resolve({"Ref": m[1]}), value["Fn::Sub"])
    raise AssertionError(f"cannot resolve {value!r}")


def environment(function: str, endpoint: str) -> dict[str, str]:
    variables = functions()[function]["Environment"]["Variables"]
    return {
        **{name: resolve(value) for name, value in variables.items()},
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_REGION": REGION,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_LAMBDA_FUNCTION_NAME": function,
        "LAMBDA_TASK_ROOT": "/var/task",
        "PATH": "/usr/bin:/bin",
    }


def invoke(build: Path, function: str, endpoint: str, events: list[dict]) -> dict[str, Any]:
    artefact = build / function
    result = subprocess.run(
        [sys.executable, "-I", "-S", str(DRIVER), str(artefact), functions()[function]["Handler"]],
        input=json.dumps(events),
        env=environment(function, endpoint),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    ran = json.loads(result.stdout)
    for module, path in ran["files"].items():
        assert path.startswith(str(artefact)), f"{module} came from {path}, not the artefact"
    return ran


# --- events as AWS delivers them -----------------------------------------------------------


def http_event(
    method: str,
    path: str,
    route: str,
    *,
    query: dict[str, str] | None = None,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    path_parameters: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway HTTP API (payload 2.0) event for a request CloudFront forwarded
    with the managed AllViewerExceptHostHeader policy: the API's own Host, the viewer's
    other headers, CloudFront's viewer address."""
    now = time.time()
    all_headers = {
        "host": API_HOST,
        "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0",
        "accept": "text/html,application/xhtml+xml",
        "cloudfront-viewer-address": "198.51.100.7:51234",
        "via": "2.0 abcdef.cloudfront.net (CloudFront)",
        "x-amz-cf-id": "abc123==",
        "x-forwarded-for": "198.51.100.7, 130.176.1.1",
        "x-forwarded-port": "443",
        "x-forwarded-proto": "https",
        **(headers or {}),
    }
    encoded = body is not None
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": f"{method} {route}",
        "rawPath": path,
        "rawQueryString": urlencode(query or {}),
        "headers": all_headers,
        "requestContext": {
            "accountId": ACCOUNT,
            "apiId": API_HOST.split(".")[0],
            "domainName": API_HOST,
            "domainPrefix": API_HOST.split(".")[0],
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "130.176.1.1",
                "userAgent": all_headers["user-agent"],
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": f"{method} {route}",
            "stage": "$default",
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": encoded,
    }
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if encoded:
        # API Gateway base64-encodes form posts.
        event["body"] = base64.b64encode(body).decode()
        all_headers["content-length"] = str(len(body))
    return event


def sign_event(email: str) -> dict[str, Any]:
    form = {
        "name": "Ann Example",
        "email": email,
        "postcode": "SW1A 1AA",
        "clp": "",
        "member": "member",
        "website": "",
        "started": "",
    }
    return http_event(
        "POST",
        "/api/petitions/appeal/signatures",
        "/api/petitions/{slug}/signatures",
        body=urlencode(form).encode(),
        headers={
            "content-type": "application/x-www-form-urlencoded",
            "origin": SITE,
            "referer": f"{SITE}/appeal/",
            "sec-fetch-site": "same-origin",
        },
        path_parameters={"slug": "appeal"},
    )


# --- IAM: what a function did against what the template lets it do ---------------------


_TRANSACT_PARTS = {
    "Put": "PutItem",
    "Update": "UpdateItem",
    "Delete": "DeleteItem",
    "ConditionCheck": "ConditionCheckItem",
    "Get": "GetItem",
}


def iam_actions(call: dict[str, Any]) -> list[str]:
    if "parts" in call:
        return [f"dynamodb:{_TRANSACT_PARTS[p]}" for p in call["parts"]]
    return [f"{call['service']}:{call['operation']}"]


def assert_allowed(function: str, calls: list[dict[str, Any]]) -> None:
    granted = [a for s in statements(functions()[function]) for a in as_list(s["Action"])]
    used = {action for call in calls for action in iam_actions(call)}
    refused = {a for a in used if not any(fnmatch.fnmatchcase(a, g) for g in granted)}
    assert not refused, f"{function} calls {sorted(refused)}, which its policy does not allow"


# --- the functions --------------------------------------------------------------------------


def test_sign_answers_a_plain_form_post_and_stamps_what_expires(build: Path, aws: str) -> None:
    ran = invoke(build, "SignFunction", aws, [sign_event("ann.example@example.org")])
    (answer,) = ran["answers"]
    assert answer["statusCode"] == 303, answer
    assert answer["headers"]["location"] == "/appeal/thanks/"
    assert_allowed("SignFunction", ran["calls"])
    assert {"ses:SendEmail", "ssm:GetParameter"} <= {
        a for c in ran["calls"] for a in iam_actions(c)
    }
    # Pending signatures and rate-limit windows carry the template's TTL attribute, in
    # epoch seconds, so DynamoDB deletes them on time.
    items = _client(aws, "dynamodb").scan(TableName=TABLE)["Items"]
    expiring = [i for i in items if i["pk"]["S"].startswith(("SIG#", "RATE#"))]
    assert {i["pk"]["S"].split("#")[0] for i in expiring} == {"SIG", "RATE"}
    for item in expiring:
        expires = int(item[ttl_attribute()]["N"])
        assert time.time() < expires < time.time() + 400 * 86400, item["pk"]


def test_counts_answer_the_count_postcode_and_constituency_endpoints(build: Path, aws: str) -> None:
    events = [
        http_event(
            "GET",
            "/api/petitions/appeal",
            "/api/petitions/{slug}",
            path_parameters={"slug": "appeal"},
        ),
        http_event("GET", "/api/totals", "/api/totals"),
        http_event(
            "GET",
            "/api/postcodes/SW1A1AA",
            "/api/postcodes/{postcode}",
            path_parameters={"postcode": "SW1A1AA"},
        ),
        http_event("GET", "/api/constituencies", "/api/constituencies"),
    ]
    ran = invoke(build, "CountsFunction", aws, events)
    petition, totals, postcode, constituencies = ran["answers"]
    assert all(a["statusCode"] == 200 for a in ran["answers"]), ran["answers"]
    assert json.loads(petition["body"])["total"] >= 1700
    assert "max-age=5" in petition["headers"]["cache-control"]
    assert json.loads(totals["body"])["petitions"]["appeal"] >= 1700
    assert json.loads(postcode["body"])["constituency"]["gss"] == "E14001172"
    assert len(json.loads(constituencies["body"])) == 650
    assert_allowed("CountsFunction", ran["calls"])


def test_confirm_answers_a_link_without_a_valid_token(build: Path, aws: str) -> None:
    event = http_event("GET", "/api/confirm", "/api/confirm", query={"t": "not-a-token"})
    ran = invoke(build, "ConfirmFunction", aws, [event])
    (answer,) = ran["answers"]
    assert answer["statusCode"] == 400
    assert "This link is not complete" in answer["body"]
    assert "no-store" in answer["headers"]["cache-control"]
    assert_allowed("ConfirmFunction", ran["calls"])


def test_tally_counts_what_the_stream_delivers(build: Path, aws: str) -> None:
    invoke(build, "SignFunction", aws, [sign_event("bob.example@example.org")])
    dynamodb = _client(aws, "dynamodb")
    stream_arn = dynamodb.describe_table(TableName=TABLE)["Table"]["LatestStreamArn"]
    streams = streams_client(region_name=REGION, endpoint_url=aws)
    records = []
    for shard in streams.describe_stream(StreamArn=stream_arn)["StreamDescription"]["Shards"]:
        iterator = streams.get_shard_iterator(
            StreamArn=stream_arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records += streams.get_records(ShardIterator=iterator)["Records"]
    delivered = [
        r for r in (lambda_record(r, stream_arn, REGION) for r in records) if is_signature(r)
    ]
    assert delivered, "signing wrote no signature to the stream"
    ran = invoke(build, "TallyFunction", aws, [{"Records": delivered}])
    assert ran["answers"] == [{"batchItemFailures": []}]
    counts = dynamodb.get_item(
        TableName=TABLE, Key={"pk": {"S": "PETITION#appeal"}, "sk": {"S": "COUNTS"}}
    )
    assert "Item" in counts, "tally wrote no counts"
    assert_allowed("TallyFunction", ran["calls"])


def test_mailevents_suppresses_a_bounced_address(build: Path, aws: str) -> None:
    message = {
        "eventType": "Bounce",
        "bounce": {
            "bounceType": "Permanent",
            "bouncedRecipients": [{"emailAddress": "gone@example.net"}],
        },
        "mail": {"messageId": "0100018f-0000", "destination": ["gone@example.net"]},
    }
    topic = f"arn:aws:sns:{REGION}:{ACCOUNT}:campaign-site-MailEventsTopic"
    event = {
        "Records": [
            {
                "EventSource": "aws:sns",
                "EventVersion": "1.0",
                "EventSubscriptionArn": f"{topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55",
                "Sns": {
                    "Type": "Notification",
                    "MessageId": str(uuid.uuid4()),
                    "TopicArn": topic,
                    "Subject": None,
                    "Message": json.dumps(message),
                    "Timestamp": "2026-11-23T00:00:00.000Z",
                    "SignatureVersion": "1",
                    "MessageAttributes": {},
                },
            }
        ]
    }
    ran = invoke(build, "MailEventsFunction", aws, [event])
    assert ran["answers"] == [{"suppressed": 1}]
    items = _client(aws, "dynamodb").scan(TableName=TABLE)["Items"]
    assert any(i["pk"]["S"].startswith("SUPPRESS#") for i in items)
    assert_allowed("MailEventsFunction", ran["calls"])


WEBHOOK_SECRET = "whsec_built_function_test"


def test_donate_answers_a_form_with_a_named_mistake(build: Path, aws: str) -> None:
    form = {
        "amount": "other",
        "other_amount": "0.10",
        "frequency": "once",
        "name": "Ann Giver",
        "email": "ann.giver@example.org",
    }
    event = http_event(
        "POST",
        "/api/donations",
        "/api/donations",
        body=urlencode(form).encode(),
        headers={"content-type": "application/x-www-form-urlencoded", "origin": SITE},
    )
    ran = invoke(build, "DonateFunction", aws, [event])
    (answer,) = ran["answers"]
    assert answer["statusCode"] == 422, answer
    assert "smallest donation we can take" in answer["body"]
    assert_allowed("DonateFunction", ran["calls"])


def test_stripe_webhook_applies_a_signed_event(build: Path, aws: str) -> None:
    from donate.fakestripe import sign_payload

    payload = json.dumps(
        {
            "id": "evt_built",
            "type": "checkout.session.completed",
            "data": {
                "object": {
                    "mode": "payment",
                    "payment_status": "paid",
                    "amount_total": 2500,
                    "metadata": {"donation_id": "built1"},
                }
            },
        }
    )
    event = http_event(
        "POST",
        "/api/stripe/webhook",
        "/api/stripe/webhook",
        body=payload.encode(),
        headers={
            "content-type": "application/json",
            "stripe-signature": sign_payload(payload, WEBHOOK_SECRET),
        },
    )
    ran = invoke(build, "StripeWebhookFunction", aws, [event])
    (answer,) = ran["answers"]
    assert answer["statusCode"] == 200, answer
    assert json.loads(answer["body"])["outcome"] == "applied"
    assert_allowed("StripeWebhookFunction", ran["calls"])
