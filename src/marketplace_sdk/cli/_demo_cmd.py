"""`marketplace-sdk demo`: the main job, a full demo sync against the embedded sandboxes.

The command is `marketplace_sdk.demo._command.demo` itself, so `marketplace-sdk demo`, `make
demo` and `python -m marketplace_sdk.demo` take the same options and exit with the same status.

Example:
    marketplace-sdk demo --small --json
"""

from __future__ import annotations

from marketplace_sdk.demo._command import demo as demo_command

__all__ = ["demo_command"]
