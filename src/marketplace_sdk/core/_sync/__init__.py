# Generated from src/marketplace_sdk/core/_async/__init__.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The hand-written async half of core (the engine, the channel protocol); `_sync` is generated."""
