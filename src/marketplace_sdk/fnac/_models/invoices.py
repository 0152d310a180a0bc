"""`shop_invoices_query`: FNAC's invoices to the shop (commissions, subscription, transfers).

Examples:
    >>> ShopInvoice(invoice_id="I1", transfer_amount="120.50").transfer_amount
    Decimal('120.50')
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from lxml import etree
from pydantic import Field

from marketplace_sdk.fnac._models.common import (
    FnacModel,
    FnacResponse,
    OptDateTime,
    OptDecimal,
    OptStr,
    PagedResponse,
    Repeated,
)
from marketplace_sdk.fnac._models.requests import PagedQuery, date_range

__all__ = ["ShopInvoice", "ShopInvoicesQueryRequest", "ShopInvoicesQueryResponse"]


class ShopInvoicesQueryRequest(PagedQuery):
    """The body of `shop_invoices_query`, optionally limited to invoices created in a window.

    Examples:
        >>> ShopInvoicesQueryRequest(paging=1).service
        'shop_invoices_query'
    """

    service: ClassVar[str] = "shop_invoices_query"

    date_min: datetime | None = None
    date_max: datetime | None = None

    def to_xml(self) -> etree._Element:
        """The `<shop_invoices_query>` document."""
        root = self.query_root()
        if self.date_min is not None or self.date_max is not None:
            date_range(root, None, self.date_min, self.date_max)
        return root


class ShopInvoice(FnacModel):
    """One invoice, with links to the PDF and its report.

    Examples:
        >>> ShopInvoice(url="https://x/i.pdf").url
        'https://x/i.pdf'
    """

    invoice_id: OptStr = None
    url: OptStr = None
    report_url: OptStr = None
    created_at: OptDateTime = None
    transfer_amount: OptDecimal = None
    tva: OptDecimal = None
    order_amount: OptDecimal = None
    shipping_amount: OptDecimal = None
    fee_tax_inc_amount: OptDecimal = None
    subscription_tax_inc_amount: OptDecimal = None
    refund_fee_tax_inc_amount_payable: OptDecimal = None
    refund_fee_tax_inc_amount_paid: OptDecimal = None
    refund_subscription_period_tax_inc_amount_payable: OptDecimal = None
    refund_subscription_period_tax_inc_amount_paid: OptDecimal = None


class ShopInvoicesQueryResponse(FnacResponse, PagedResponse):
    """One page of invoices.

    Examples:
        >>> ShopInvoicesQueryResponse().invoices
        []
    """

    invoices: list[ShopInvoice] = Field(default_factory=list)

    repeated = (Repeated("invoices", "shop_invoice", ShopInvoice),)
