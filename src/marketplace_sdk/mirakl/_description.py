"""Mirakl's description, and how an OMS registers a named Mirakl operator as a marketplace.

The built-in marketplace `mirakl` is any operator: each profile gives its instance URL.
Registered as the entry point `mirakl` of `marketplace_sdk.marketplaces` (`pyproject.toml`).

An OMS that sells on a given operator ("marketplace = carrefour") registers it once, with its
URL, call frequencies and name, and gets a marketplace key of its own: profiles, cursors, the
CLI's command group (`marketplace-sdk carrefour connect`), the scheduler's jobs and the bulk
files then name it like any other marketplace, with no channel to write::

    from marketplace_sdk.mirakl import register_operator

    register_operator(
        "carrefour",
        title="Carrefour",
        base_url="https://carrefour-prod.mirakl.net",
        call_frequencies={"OR11": [Rate.every(900)]},  # an External Partner key
    )
    channel = open_channel("carrefour", profile)

Examples:
    >>> MIRAKL.key, MIRAKL.title, MIRAKL.order_acceptance_required
    ('mirakl', 'Mirakl', True)
    >>> str(MIRAKL.catalogue_budget)
    "requests at 2/s, at most 25% of the day's budget"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial

import attrs

from marketplace_sdk.core._commands import (
    SEEDED_SANDBOX_OPTIONS,
    CommandSpec,
    OptionSpec,
    SandboxSpec,
)
from marketplace_sdk.core._ratelimit import Rate
from marketplace_sdk.core._registry import (
    CatalogueBudget,
    ConnectCommand,
    MarketplaceDescription,
    register_marketplace,
)
from marketplace_sdk.mirakl._async.factory import open_mirakl_channel as open_async_channel
from marketplace_sdk.mirakl._bulk_layout import mirakl_bulk_layout
from marketplace_sdk.mirakl._capabilities import mirakl_capabilities
from marketplace_sdk.mirakl._connect import mirakl_connect, mirakl_connect_command
from marketplace_sdk.mirakl._operator import MIRAKL_OPERATOR, MiraklOperator
from marketplace_sdk.mirakl._pricing import operator_pricing
from marketplace_sdk.mirakl._profile import operator_profile
from marketplace_sdk.mirakl._status import MIRAKL_STATUS_TABLE, MIRAKL_SYNCED_STATUSES
from marketplace_sdk.mirakl._sync.factory import open_mirakl_channel

__all__ = [
    "MIRAKL",
    "MIRAKL_CATALOGUE_BUDGET",
    "MIRAKL_SANDBOX",
    "mirakl_description",
    "register_operator",
]

#: OF21 serves 100 offers a page and has no stated ceiling ("on each page view"); two
#: requests a second keep an import well clear of the operator's own protection.
MIRAKL_CATALOGUE_BUDGET = CatalogueBudget(requests_per_second=2)

#: `marketplace-sdk sandbox serve mirakl`: its options, and the server (imported when it runs).
MIRAKL_SANDBOX = SandboxSpec(
    command=CommandSpec(
        help="Serve a seeded Mirakl operator (offers, orders, carriers, catalogue) on "
        "127.0.0.1.\n\n"
        "Example: marketplace-sdk sandbox serve mirakl --offers 200 --orders 300",
        options=(
            OptionSpec("offers", "Offers to seed.", type=int, default=50, minimum=1),
            OptionSpec("orders", "Orders to seed.", type=int, default=30, minimum=0),
            *SEEDED_SANDBOX_OPTIONS,
            OptionSpec(
                "import_delay",
                "Seconds from an offer or product import to its end.",
                type=float,
                default=5.0,
                minimum=0,
            ),
        ),
    ),
    server="marketplace_sdk.mirakl.sandbox._serve:serve",
)


def mirakl_description(operator: MiraklOperator = MIRAKL_OPERATOR) -> MarketplaceDescription:
    """The description of a Mirakl operator: the Mirakl channel with its URL, limits and name.

    Examples:
        >>> acme = mirakl_description(MiraklOperator(key="acme", title="Acme",
        ...                                          base_url="https://acme.mirakl.net"))
        >>> acme.key, acme.profile_model.__name__, acme.capabilities.marketplace
        ('acme', 'AcmeProfile', 'Acme')
    """
    bounds, rule = operator_pricing(operator.title)
    table = MIRAKL_STATUS_TABLE
    if table.marketplace != operator.title:
        table = attrs.evolve(table, marketplace=operator.title)
    return MarketplaceDescription(
        key=operator.key,
        title=operator.title,
        summary=f"{operator.title} (Mirakl): connect a shop, look up, push, sync.",
        capabilities=mirakl_capabilities(operator.title, catalogue=operator.catalogue),
        acceptance_line_states=("WAITING_ACCEPTANCE",),  # OR21 decides these lines
        restock_statuses=("REFUSED",),  # an operator may zero the offers' stock (MIRAKL-Q09)
        status_table=table,
        synced_statuses=MIRAKL_SYNCED_STATUSES,
        catalogue_budget=MIRAKL_CATALOGUE_BUDGET,
        price_bounds=bounds,
        price_rule=rule,
        currency=operator.currency,
        bulk_layout=mirakl_bulk_layout(operator.key, operator.title, pricing=(bounds, rule)),
        profile_model=operator_profile(operator.key),
        open_channel=partial(open_mirakl_channel, operator=operator),
        open_async_channel=partial(open_async_channel, operator=operator),
        connect=ConnectCommand(
            command=mirakl_connect_command(operator), flow=mirakl_connect(operator)
        ),
        sandbox=MIRAKL_SANDBOX if operator is MIRAKL_OPERATOR else None,
    )


def register_operator(
    key: str,
    *,
    title: str,
    base_url: str | None = None,
    call_frequencies: Mapping[str, Sequence[Rate]] | None = None,
    catalogue: bool = True,
    currency: str | None = None,
    seek_pagination: bool = False,
    replace: bool = False,
) -> MarketplaceDescription:
    """Register a Mirakl operator as a marketplace of its own, in this process.

    Args:
        key: its marketplace key (`carrefour`: lower case, digits, `_`).
        title: its name in messages and help ("Carrefour").
        base_url: its instance URL, the `connect` command's default.
        call_frequencies: operation code to rates where the operator allows less than Mirakl
            states (`{"OR11": [Rate.every(900)]}`).
        catalogue: whether its sellers may read its catalogue and list from the OMS.
        currency: its currency, for an order or offer that names none.
        seek_pagination: whether its OR11 offers seek pagination.
        replace: replace a marketplace already registered under `key`.

    Returns:
        The description registered (`get_marketplace(key)` answers it from now on).

    Raises:
        ValueError: `key` is not a valid key, `base_url` not an http(s) URL, or a marketplace
            is already registered under `key` (and not `replace`).

    Examples:
        >>> from marketplace_sdk.core._registry import get_marketplace, unregister_marketplace
        >>> described = register_operator("acme_shop", title="Acme",
        ...                               base_url="https://acme.mirakl.net")
        >>> get_marketplace("acme_shop").title
        'Acme'
        >>> _ = unregister_marketplace("acme_shop")
    """
    operator = MiraklOperator(
        key=key,
        title=title,
        base_url=base_url,
        call_frequencies=call_frequencies or {},
        catalogue=catalogue,
        currency=currency,
        seek_pagination=seek_pagination,
    )
    description = mirakl_description(operator)
    register_marketplace(description, replace=replace)
    return description


#: Mirakl, as the SDK's registry describes it: any operator, its URL in each profile.
MIRAKL = mirakl_description()
