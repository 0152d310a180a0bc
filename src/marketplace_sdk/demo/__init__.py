"""The main job: a full demo sync against the embedded sandboxes, checked against them.

`make demo` (or `marketplace-sdk demo`, or `python -m marketplace_sdk.demo`) needs no
credentials and no network. It starts an Etsy, an FNAC and a Mirakl sandbox shop, connects the
three channels, and runs what an OMS embeds: the throttled catalogue import, the 90-day
backfill, a simulated day of the seeds' schedule on an accelerated clock (orders arriving, stock
pushed as it changes, FNAC and Mirakl orders accepted when in stock, shipping with tracking,
deliveries, buyer cancellations, one of them after the OMS packed the order), then a summary per
channel. It exits with status 1 when the OMS side disagrees with a sandbox.

Examples:
    >>> from marketplace_sdk.demo import DemoOptions
    >>> DemoOptions().listings, DemoOptions().simulated_hours  # then run_demo(DemoOptions())
    (2000, 24)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from marketplace_sdk.demo._scenario import DEMO_START, DemoError, DemoOptions, DemoResult, run_demo

__all__ = ["DEMO_START", "DemoError", "DemoOptions", "DemoResult", "main", "run_demo"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the demo command line and return its exit status (0 agrees, 1 disagrees).

    Examples:
        python -m marketplace_sdk.demo --json
    """
    from marketplace_sdk.demo._command import run_command

    return run_command(list(sys.argv[1:] if argv is None else argv))
