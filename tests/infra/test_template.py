"""The production template, read as data: what issue 6 requires of it, checked property
by property (the tools that read it as AWS would are in test_tools.py)."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from typing import Any

import pytest

from dev.schema import ttl_attribute
from tests.infra.conftest import (
    ALL_VIEWER_EXCEPT_HOST,
    CACHING_DISABLED,
    CACHING_OPTIMIZED,
    RESOURCES,
    ROOT,
    TEMPLATE,
    as_list,
    functions,
    of_type,
    statements,
)

# The contract's routes (briefs/contract.md) -> the handler that must answer each.
ROUTES = {
    "POST /api/petitions/{slug}/signatures": "sign.app.handler",
    "GET /api/confirm": "confirm.app.handler",
    "POST /api/confirm": "confirm.app.handler",
    "GET /api/petitions/{slug}": "counts.app.handler",
    "GET /api/totals": "counts.app.handler",
    "GET /api/postcodes/{postcode}": "counts.app.handler",
    "GET /api/constituencies": "counts.app.handler",
    "POST /api/donations": "donate.app.handler",
    "POST /api/stripe/webhook": "donate.webhook.handler",
}

DATA_SERVICES = ("dynamodb:", "ses:", "ssm:", "s3:", "sns:", "kms:", "secretsmanager:")


def distribution() -> dict[str, Any]:
    return RESOURCES["Distribution"]["Properties"]["DistributionConfig"]


def ref(value: Any) -> str | None:
    return value.get("Ref") if isinstance(value, dict) else None


def att(value: Any) -> str | None:
    """`!GetAtt A.B` and `Fn::GetAtt: [A, B]` alike, as "A.B"."""
    found = value.get("Fn::GetAtt") if isinstance(value, dict) else None
    return ".".join(found) if isinstance(found, list) else found


def behaviour_for(path: str) -> dict[str, Any]:
    """The cache behaviour CloudFront picks for a path: the first pattern that matches
    (`*` any run of characters, `?` one), else the default."""
    config = distribution()
    for behaviour in config["CacheBehaviors"]:
        if fnmatch.fnmatchcase(path, behaviour["PathPattern"]):
            return behaviour
    return config["DefaultCacheBehavior"]


def cache_policy(behaviour: dict[str, Any]) -> dict[str, Any] | str:
    """The policy's settings when the template defines it, else the managed policy's ID."""
    policy = behaviour["CachePolicyId"]
    name = ref(policy)
    return RESOURCES[name]["Properties"]["CachePolicyConfig"] if name else policy


# --- functions and routes ----------------------------------------------------------


def test_every_contract_route_reaches_the_handler_that_answers_it() -> None:
    integrations = of_type("AWS::ApiGatewayV2::Integration")
    handlers = {}
    for route in of_type("AWS::ApiGatewayV2::Route").values():
        props = route["Properties"]
        target = props["Target"]["Fn::Sub"]
        integration = integrations[re.fullmatch(r"integrations/\$\{(\w+)\}", target)[1]]
        function = att(integration["Properties"]["IntegrationUri"]).removesuffix(".Arn")
        assert integration["Properties"]["PayloadFormatVersion"] == "2.0"
        handlers[props["RouteKey"]] = functions()[function]["Handler"]
    assert handlers == ROUTES


def test_the_api_has_the_default_stage_and_throttling_from_parameters() -> None:
    (stage,) = of_type("AWS::ApiGatewayV2::Stage").values()
    props = stage["Properties"]
    # A named stage would prefix every path, and the functions route on /api/...
    assert props["StageName"] == "$default"
    limits = props["DefaultRouteSettings"]
    assert ref(limits["ThrottlingRateLimit"]) in TEMPLATE["Parameters"]
    assert ref(limits["ThrottlingBurstLimit"]) in TEMPLATE["Parameters"]


def test_access_logs_carry_nothing_personal() -> None:
    (stage,) = of_type("AWS::ApiGatewayV2::Stage").values()
    fields = json.loads(stage["Properties"]["AccessLogSettings"]["Format"])
    logged = " ".join(fields.values())
    for personal in ("sourceIp", "userAgent", "path", "identity", "authorizer"):
        assert personal not in logged


def test_runtime_matches_the_project_python() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    version = re.match(r">=(3\.\d+)", project["requires-python"])[1]
    for name, props in functions().items():
        assert props["Runtime"] == f"python{version}", name
        assert props["CodeUri"] == "functions/", name


def test_every_function_has_reserved_concurrency_from_a_parameter() -> None:
    for name, props in functions().items():
        assert ref(props.get("ReservedConcurrentExecutions")) in TEMPLATE["Parameters"], name


def test_every_function_logs_to_a_group_that_expires() -> None:
    for name, props in functions().items():
        group = RESOURCES[ref(props["LoggingConfig"]["LogGroup"])]
        assert ref(group["Properties"]["RetentionInDays"]) == "LogRetentionDays", name


def test_functions_get_the_settings_the_code_reads() -> None:
    for name, props in functions().items():
        env = props["Environment"]["Variables"]
        assert ref(env["TABLE_NAME"]) == "Table", name
        assert env["MAIL_TRANSPORT"] == "ses", name
        assert "SITE_URL" in env and "MAIL_FROM" in env, name
        assert env["CLIENT_IP_HEADER"] == "cloudfront-viewer-address", name


# --- least privilege ------------------------------------------------------------------


def test_no_data_action_on_every_resource() -> None:
    for name, props in functions().items():
        for statement in statements(props):
            actions = as_list(statement["Action"])
            assert "*" not in actions and not any(a.endswith(":*") for a in actions), name
            if any(a.startswith(DATA_SERVICES) for a in actions):
                assert "*" not in as_list(statement["Resource"]), (name, statement["Sid"])


def test_table_actions_name_the_table_or_its_stream() -> None:
    for name, props in functions().items():
        for statement in statements(props):
            if any(a.startswith("dynamodb:") for a in as_list(statement["Action"])):
                for resource in as_list(statement["Resource"]):
                    assert att(resource) in ("Table.Arn", "Table.StreamArn") or resource == {
                        "Fn::Sub": "${Table.Arn}/stream/*"
                    }, (name, resource)


def test_each_function_reads_only_the_secrets_it_is_told_about() -> None:
    for name, props in functions().items():
        env = props["Environment"]["Variables"]
        told = {ref(v) for k, v in env.items() if k.endswith("_PARAMETER")}
        granted = set()
        for statement in statements(props):
            if "ssm:GetParameter" in as_list(statement["Action"]):
                for resource in as_list(statement["Resource"]):
                    granted |= set(re.findall(r"parameter\$\{(\w+)\}", resource["Fn::Sub"]))
        assert granted == told, name


def test_only_sign_sends_mail_and_only_as_the_site() -> None:
    senders = {}
    for name, props in functions().items():
        for statement in statements(props):
            if any(a.startswith("ses:") for a in as_list(statement["Action"])):
                senders[name] = [r["Fn::Sub"] for r in as_list(statement["Resource"])]
    assert list(senders) == ["SignFunction"]
    assert sorted(senders["SignFunction"]) == [
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:configuration-set/"
        "${MailConfigurationSet}",
        "arn:${AWS::Partition}:ses:${AWS::Region}:${AWS::AccountId}:identity/${MailIdentity}",
    ]


def test_no_sam_event_brings_a_managed_policy_on_every_resource() -> None:
    # SAM's DynamoDB and Kinesis events attach AWS-managed roles granting "*".
    for name, props in functions().items():
        for event in props.get("Events", {}).values():
            assert event["Type"] not in ("DynamoDB", "Kinesis", "SQS"), name


def test_api_may_invoke_each_function_only_for_its_own_routes() -> None:
    for permission in of_type("AWS::Lambda::Permission").values():
        source = permission["Properties"]["SourceArn"]["Fn::Sub"]
        assert "${Api}/" in source and "/api/" in source


# --- data -----------------------------------------------------------------------------


def test_table_is_on_demand_recoverable_protected_and_encrypted() -> None:
    table = RESOURCES["Table"]
    props = table["Properties"]
    assert props["BillingMode"] == "PAY_PER_REQUEST"
    assert props["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True
    assert props["DeletionProtectionEnabled"] is True
    assert props["SSESpecification"]["SSEEnabled"] is True
    assert table["DeletionPolicy"] == "Retain"
    assert props["TimeToLiveSpecification"]["Enabled"] is True


def test_ttl_attribute_is_the_one_the_functions_write() -> None:
    # The functions stamp rate-limit windows and pending signatures with `expires_at`;
    # test_built_functions.py checks the items a real sign request writes.
    assert ttl_attribute() == "expires_at"


def test_tally_reads_the_stream_in_big_unsplit_batches_of_signatures_only() -> None:
    (mapping,) = of_type("AWS::Lambda::EventSourceMapping").values()
    props = mapping["Properties"]
    assert ref(props["FunctionName"]) == "TallyFunction"
    assert att(props["EventSourceArn"]) == "Table.StreamArn"
    assert props["BatchSize"] == 1000
    assert props["MaximumBatchingWindowInSeconds"] == 1
    assert props["BisectBatchOnFunctionError"] is False
    assert props["ParallelizationFactor"] == 1
    patterns = [json.loads(f["Pattern"]) for f in props["FilterCriteria"]["Filters"]]
    assert patterns == [
        {"dynamodb": {"NewImage": {"kind": {"S": ["signature"]}}}},
        {"dynamodb": {"OldImage": {"kind": {"S": ["signature"]}}}},
    ]


# --- the site bucket ---------------------------------------------------------------------


def test_bucket_is_private_versioned_and_encrypted() -> None:
    props = RESOURCES["SiteBucket"]["Properties"]
    assert all(props["PublicAccessBlockConfiguration"].values())
    assert len(props["PublicAccessBlockConfiguration"]) == 4
    assert props["OwnershipControls"]["Rules"] == [{"ObjectOwnership": "BucketOwnerEnforced"}]
    assert props["VersioningConfiguration"]["Status"] == "Enabled"
    assert props["BucketEncryption"]["ServerSideEncryptionConfiguration"]


def test_only_the_distribution_may_read_the_bucket_and_only_over_tls() -> None:
    policy = RESOURCES["SiteBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    allows = [s for s in policy if s["Effect"] == "Allow"]
    assert allows == [
        {
            "Sid": "OnlyThisDistributionReads",
            "Effect": "Allow",
            "Principal": {"Service": "cloudfront.amazonaws.com"},
            "Action": "s3:GetObject",
            "Resource": {"Fn::Sub": "${SiteBucket.Arn}/*"},
            "Condition": {
                "StringEquals": {
                    "AWS:SourceArn": {
                        "Fn::Sub": "arn:${AWS::Partition}:cloudfront::${AWS::AccountId}:"
                        "distribution/${Distribution}"
                    }
                }
            },
        }
    ]
    (deny,) = [s for s in policy if s["Effect"] == "Deny"]
    assert deny["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
    assert deny["Action"] == "s3:*"


# --- CloudFront ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/api/petitions/appeal/signatures",
        "/api/donations",
        "/api/stripe/webhook",
        "/api/confirm",
    ],
)
def test_writes_and_confirm_pages_are_never_cached(path: str) -> None:
    behaviour = behaviour_for(path)
    assert behaviour["TargetOriginId"] == "api"
    assert behaviour["CachePolicyId"] == CACHING_DISABLED
    assert "POST" in behaviour["AllowedMethods"]


@pytest.mark.parametrize("path", ["/api/petitions/appeal", "/api/totals"])
def test_counts_are_cached_seconds_as_the_function_says(path: str) -> None:
    behaviour = behaviour_for(path)
    assert behaviour["TargetOriginId"] == "api"
    policy = cache_policy(behaviour)
    assert (policy["MinTTL"], policy["DefaultTTL"], policy["MaxTTL"]) == (0, 5, 60)
    # CloudFront never caches POST; only GET/HEAD answers are kept.
    assert behaviour["CachedMethods"] == ["GET", "HEAD"]


@pytest.mark.parametrize("path", ["/api/postcodes/SW1A1AA", "/api/constituencies"])
def test_reference_data_is_cached_up_to_a_day(path: str) -> None:
    policy = cache_policy(behaviour_for(path))
    assert (policy["MinTTL"], policy["MaxTTL"]) == (0, 86400)


def test_api_behaviours_forward_the_request_but_not_the_host_over_https() -> None:
    for behaviour in distribution()["CacheBehaviors"]:
        assert behaviour["PathPattern"].startswith("/api/")
        assert behaviour["OriginRequestPolicyId"] == ALL_VIEWER_EXCEPT_HOST
        assert behaviour["ViewerProtocolPolicy"] == "https-only"
        assert ref(behaviour["ResponseHeadersPolicyId"]) == "SecurityHeaders"
    (api,) = [o for o in distribution()["Origins"] if o["Id"] == "api"]
    assert api["CustomOriginConfig"]["OriginProtocolPolicy"] == "https-only"


@pytest.mark.parametrize("path", ["/", "/petitions/appeal/", "/theme/css/site.css"])
def test_pages_come_from_the_private_bucket(path: str) -> None:
    behaviour = behaviour_for(path)
    assert behaviour["TargetOriginId"] == "site"
    assert behaviour["CachePolicyId"] == CACHING_OPTIMIZED
    assert behaviour["ViewerProtocolPolicy"] == "redirect-to-https"
    (site,) = [o for o in distribution()["Origins"] if o["Id"] == "site"]
    assert att(site["OriginAccessControlId"]) == "SiteOriginAccess.Id"
    (association,) = behaviour["FunctionAssociations"]
    assert association["EventType"] == "viewer-request"


def test_missing_pages_show_the_404_page_but_api_errors_pass_through() -> None:
    errors = distribution()["CustomErrorResponses"]
    # S3 (no ListBucket) answers a missing key with 403; the API's 404s are JSON.
    assert errors == [
        {
            "ErrorCode": 403,
            "ResponseCode": 404,
            "ResponsePagePath": "/404.html",
            "ErrorCachingMinTTL": 60,
        }
    ]


def _csp() -> dict[str, list[str]]:
    config = RESOURCES["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    text = config["SecurityHeadersConfig"]["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    directives = {}
    for part in text.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_csp_allows_only_the_sites_own_scripts_styles_images_and_api() -> None:
    csp = _csp()
    assert csp["default-src"] == ["'self'"]
    # Pagefind compiles WebAssembly; nothing may eval JavaScript or run inline code.
    assert csp["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    for values in csp.values():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values


def test_security_headers_are_set_on_every_answer() -> None:
    config = RESOURCES["SecurityHeaders"]["Properties"]["ResponseHeadersPolicyConfig"]
    headers = config["SecurityHeadersConfig"]
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000
    assert headers["FrameOptions"]["FrameOption"] == "DENY"
    assert headers["ReferrerPolicy"]["ReferrerPolicy"] == "strict-origin-when-cross-origin"
    assert headers["ContentTypeOptions"]["Override"] is True
    custom = {h["Header"]: h["Value"] for h in config["CustomHeadersConfig"]["Items"]}
    assert "camera=()" in custom["Permissions-Policy"]
    behaviours = [distribution()["DefaultCacheBehavior"], *distribution()["CacheBehaviors"]]
    assert all(ref(b["ResponseHeadersPolicyId"]) == "SecurityHeaders" for b in behaviours)


def test_custom_domain_and_waf_are_optional_parameters() -> None:
    params = TEMPLATE["Parameters"]
    assert params["DomainName"]["Default"] == ""
    assert params["CertificateArn"]["Default"] == ""
    assert "us-east-1" in params["CertificateArn"]["AllowedPattern"]
    assert params["WebAclArn"]["Default"] == ""
    rule = RESOURCES["WebAcl"]["Properties"]["Rules"][0]
    assert rule["Statement"]["RateBasedStatement"]["AggregateKeyType"] == "IP"
    # 403 would be replaced by the site's 404 page (CustomErrorResponses).
    assert rule["Action"]["Block"]["CustomResponse"]["ResponseCode"] == 429


def test_outputs_give_what_publish_and_people_need() -> None:
    outputs = TEMPLATE["Outputs"]
    for name in ("SiteUrl", "ApiUrl", "TableName", "BucketName", "DistributionId"):
        assert name in outputs
