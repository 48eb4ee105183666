"""The template read by the tools AWS users trust: cfn-lint, SAM's own validator, and a
security scan whose every remaining finding is justified in the template."""

from __future__ import annotations

import json
import re

from tests.infra.conftest import CFN_LINT, CHECKOV, SAM_CLI, TEMPLATE, tool

# SAM's own reading of samconfig.toml's deploy parameters, printed as JSON.
READ_SAMCONFIG = """
import json
from samcli.cli.types import CfnParameterOverridesType
from samcli.lib.config.samconfig import SamConfig
raw = SamConfig(".").get_all(["deploy"], "parameters")["parameter_overrides"]
print(json.dumps(CfnParameterOverridesType().convert(raw, None, None)))
"""


def test_cfn_lint_finds_nothing() -> None:
    result = tool(CFN_LINT, "cfn-lint", "--format", "parseable", "template.yaml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_sam_validate_with_lint_passes() -> None:
    result = tool(SAM_CLI, "sam", "validate", "--lint", "--template", "template.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_checkov_passes_and_every_skip_says_why() -> None:
    result = tool(
        CHECKOV,
        "checkov",
        "--file",
        "template.yaml",
        "--framework",
        "cloudformation",
        "--skip-download",
        "--output",
        "json",
        "--compact",
    )
    report = json.loads(result.stdout)
    failed = [
        f"{c['check_id']} {c['resource']}: {c['check_name']}"
        for c in report.get("results", {}).get("failed_checks", [])
    ]
    assert failed == []
    assert result.returncode == 0, result.stderr
    skipped = report["results"]["skipped_checks"]
    assert skipped, "the template's justified skips were not read"
    for check in skipped:
        reason = check["check_result"].get("suppress_comment", "")
        assert len(reason.split()) >= 8, f"{check['check_id']} on {check['resource']}: {reason!r}"


def test_samconfig_gives_ci_every_parameter_it_needs_in_a_valid_form() -> None:
    result = tool(SAM_CLI, "python", "-c", READ_SAMCONFIG)
    assert result.returncode == 0, result.stderr
    overrides = json.loads(result.stdout)
    parameters = TEMPLATE["Parameters"]
    assert set(overrides) <= set(parameters)
    assert {n for n, p in parameters.items() if "Default" not in p} <= set(overrides)
    for name, value in overrides.items():
        if "AllowedPattern" in parameters[name]:
            assert re.fullmatch(parameters[name]["AllowedPattern"], value), name
        if "AllowedValues" in parameters[name]:
            assert value in parameters[name]["AllowedValues"], name
