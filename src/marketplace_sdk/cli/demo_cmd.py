"""`marketplace-sdk demo`: the SDK's offline demo against the embedded sandboxes.

Example:
    marketplace-sdk demo
"""

from __future__ import annotations

import typer

from marketplace_sdk import demo

__all__ = ["demo_command"]


def demo_command() -> None:
    """Run the offline demo against the embedded sandboxes (no credentials, no network).

    Example:
        marketplace-sdk demo
    """
    raise typer.Exit(demo.main())
