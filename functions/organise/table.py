"""The few table calls the organisers need that core.store does not offer yet.

They use the Store's public `client` and `table` so keys and item shapes stay the
Store's (proposed for core.store's organisers' section: see the issue 7 report).
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError
from core.store import Store, from_item, shard_of, signature_pk, to_item


def put_signature_if_absent(store: Store, slug: str, email_key: str, values: dict) -> bool:
    """Write a signature unless this person already signed; False when they had."""
    item = {"pk": signature_pk(slug, shard_of(email_key)), "sk": email_key, **values}
    try:
        store.client.put_item(
            TableName=store.table,
            Item=to_item({k: v for k, v in item.items() if v is not None}),
            ConditionExpression="attribute_not_exists(pk)",
        )
    except ClientError as error:
        if error.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def delete_signature(store: Store, slug: str, email_key: str) -> dict[str, Any]:
    """Delete one signature; returns what it was ({} when there was none)."""
    response = store.client.delete_item(
        TableName=store.table,
        Key=to_item({"pk": signature_pk(slug, shard_of(email_key)), "sk": email_key}),
        ReturnValues="ALL_OLD",
    )
    return from_item(response.get("Attributes"))


def get_suppression(store: Store, email_key: str) -> dict[str, Any]:
    response = store.client.get_item(
        TableName=store.table,
        Key=to_item({"pk": f"SUPPRESS#{email_key}", "sk": "MAIL"}),
        ConsistentRead=True,
    )
    return from_item(response.get("Item"))
