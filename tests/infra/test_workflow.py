"""The GitHub Actions workflow: tests everywhere, and on main only, after them, deploy and
publish with a role assumed by OIDC, never a stored key."""

from __future__ import annotations

import re
from typing import Any

import yaml

from tests.infra.conftest import ROOT, SAM_CLI

WORKFLOW = ROOT / ".github" / "workflows" / "ci.yml"


def workflow() -> dict[str, Any]:
    data = yaml.safe_load(WORKFLOW.read_text())
    # YAML 1.1 reads the key `on` as True.
    data["on"] = data.pop(True)
    return data


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"] for step in job["steps"] if "run" in step]


def test_tests_run_on_every_push_and_pull_request() -> None:
    data = workflow()
    assert set(data["on"]) == {"push", "pull_request"}
    assert data["on"]["push"] is None, "no branch filter: every push is tested"
    assert "bash .ci/run" in runs(data["jobs"]["test"])


def test_deploy_waits_for_the_tests_and_runs_only_for_pushes_to_main() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "test"
    condition = " ".join(deploy["if"].split())
    assert "github.event_name == 'push'" in condition
    assert "github.ref == 'refs/heads/main'" in condition
    assert deploy["concurrency"]["cancel-in-progress"] is False


def test_deploy_assumes_a_role_by_oidc_with_no_stored_keys() -> None:
    data = workflow()
    deploy = data["jobs"]["deploy"]
    assert deploy["permissions"]["id-token"] == "write"
    assert data["permissions"] == {"contents": "read"}
    (credentials,) = [
        s for s in deploy["steps"] if s.get("uses", "").startswith("aws-actions/configure-aws-")
    ]
    assert credentials["with"]["role-to-assume"] == "${{ vars.AWS_DEPLOY_ROLE_ARN }}"
    text = WORKFLOW.read_text()
    assert "aws-access-key-id" not in text and "secrets." not in text


def test_deploy_builds_deploys_without_prompting_then_publishes() -> None:
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["env"]["SAM"].endswith(f"--from {SAM_CLI} sam")
    commands = runs(deploy)
    build = commands.index("$SAM build")
    (deploy_at,) = [i for i, c in enumerate(commands) if c.startswith("$SAM deploy")]
    assert "--no-confirm-changeset" in commands[deploy_at]
    assert "--no-fail-on-empty-changeset" in commands[deploy_at]
    assert build < deploy_at < commands.index("./run publish")


def test_tools_match_the_pins_the_project_uses() -> None:
    uv_version = re.search(r"^UV_VERSION=(\S+)$", (ROOT / "run").read_text(), re.M)[1]
    assert f"uv=={uv_version}" in WORKFLOW.read_text()


def test_every_action_is_pinned_to_a_commit() -> None:
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text())
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.search(r"# v\d+\.\d+\.\d+", comment), f"{action}: say which version"
