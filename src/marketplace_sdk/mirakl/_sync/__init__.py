# Generated from src/marketplace_sdk/mirakl/_async/__init__.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The Mirakl catalogue client, hand-written for asyncio; `_sync` holds its generated twin."""
