# Generated from src/marketplace_sdk/sync/_async/__init__.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The stock and price pusher, hand-written for asyncio; `_sync` holds its generated twin."""
