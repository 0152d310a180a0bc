# Generated from src/marketplace_sdk/etsy/_async/__init__.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The Etsy client and channel; the async modules are the source, `_sync` is generated."""
