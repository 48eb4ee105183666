"""Helpers for the production checks: the SAM template as data, and the pinned AWS tools."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from dev.schema import load_template

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".tools" / "bin" / "uv"
SAM_CLI = "aws-sam-cli==1.170.0"
CHECKOV = "checkov==3.3.30"
CFN_LINT = "cfn-lint==1.58.0"

# Managed CloudFront policies, by the IDs AWS publishes.
CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
CACHING_OPTIMIZED = "658327ea-f89d-4fab-a63d-7e88639e58f6"
ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac"

TEMPLATE: dict[str, Any] = load_template()
RESOURCES: dict[str, Any] = TEMPLATE["Resources"]


def of_type(kind: str) -> dict[str, dict[str, Any]]:
    return {name: r for name, r in RESOURCES.items() if r["Type"] == kind}


def functions() -> dict[str, dict[str, Any]]:
    """Every function's properties with the template's Globals applied, as SAM does."""
    defaults = TEMPLATE["Globals"]["Function"]
    result = {}
    for name, resource in of_type("AWS::Serverless::Function").items():
        props = {**defaults, **resource["Properties"]}
        env = {
            **defaults.get("Environment", {}).get("Variables", {}),
            **resource["Properties"].get("Environment", {}).get("Variables", {}),
        }
        props["Environment"] = {"Variables": env}
        result[name] = props
    return result


def statements(function: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for policy in function.get("Policies", []):
        assert isinstance(policy, dict) and "Statement" in policy, (
            f"only inline statements, so every grant is visible here: {policy!r}"
        )
        found += policy["Statement"]
    return found


def as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def tool(
    spec: str, *args: str, cwd: Path = ROOT, timeout: int = 600
) -> subprocess.CompletedProcess:
    """Run a pinned AWS tool in its own environment (not in our lock), offline from AWS."""
    assert UV.exists(), f"{UV} is missing: run ./run test, which installs it"
    env = {
        **os.environ,
        "SAM_CLI_TELEMETRY": "0",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "BC_SKIP_MAPPING": "TRUE",
    }
    return subprocess.run(
        [str(UV), "tool", "run", "--from", spec, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
