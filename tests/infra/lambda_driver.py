"""Runs one built function as Lambda would: `python -I -S lambda_driver.py BUILD HANDLER`.

-I -S leave only the standard library on the path, so everything else must come from
the built artefact. The events arrive as JSON on stdin; the answers, and every AWS call
the function made (for the IAM check), leave as JSON on stdout.
"""

import importlib
import json
import sys

build, handler_name = sys.argv[1], sys.argv[2]
sys.path.insert(0, build)

import botocore.client  # noqa: E402 - from the artefact, after the path is set

calls = []
_call = botocore.client.BaseClient._make_api_call


def _recorded(self, operation, params):  # type: ignore[no-untyped-def]
    entry = {"service": self.meta.service_model.signing_name, "operation": operation}
    if operation in ("TransactWriteItems", "TransactGetItems"):
        entry["parts"] = sorted({next(iter(item)) for item in params["TransactItems"]})
    calls.append(entry)
    return _call(self, operation, params)


botocore.client.BaseClient._make_api_call = _recorded


class Context:
    function_name = "campaign-site-function"
    function_version = "$LATEST"
    memory_limit_in_mb = 512
    aws_request_id = "3f0b5a8e-0000-4000-8000-000000000000"
    invoked_function_arn = "arn:aws:lambda:eu-west-2:123456789012:function:campaign-site"

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


events = json.loads(sys.stdin.read())
# Imported as Lambda's init phase does: the handler builds its app and clients here.
module_name, _, attribute = handler_name.rpartition(".")
module = importlib.import_module(module_name)
handler = getattr(module, attribute)
answers = [handler(event, Context()) for event in events]
json.dump(
    {
        "answers": answers,
        "calls": calls,
        "files": {
            name: sys.modules[name].__file__
            for name in ("core", "botocore", "starlette", "mangum")
            if name in sys.modules
        },
    },
    sys.stdout,
)
