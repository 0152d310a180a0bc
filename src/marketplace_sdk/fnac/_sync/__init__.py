# Generated from src/marketplace_sdk/fnac/_async/__init__.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""fnac: async half."""
