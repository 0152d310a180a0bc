"""The sandbox's after-sale services: messages, incidents, client order comments, shop
invoices and carriers, each answered in the shape of FNAC's recorded samples.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> desk = MailDesk(ShopState(clock=FakeClock()))
    >>> [node.get("code") for node in desk.carriers_query(parse_xml("<carriers_query/>"))][:2]
    ['CHRONOPOST', 'DHL']
"""

from __future__ import annotations

from decimal import Decimal

import attrs
from lxml import etree

from marketplace_sdk.fnac._xml import child_text, children, sub_element
from marketplace_sdk.fnac.sandbox._filters import apply_filters, text_of
from marketplace_sdk.fnac.sandbox._mail_filters import (
    COMMENT_FILTERS,
    INCIDENT_FILTERS,
    INVOICE_FILTERS,
    MESSAGE_FILTERS,
)
from marketplace_sdk.fnac.sandbox._state import Incident, Message, ShopState
from marketplace_sdk.fnac.sandbox._wire import (
    Codes,
    ServiceError,
    add_error,
    cdata,
    decimal_text,
    paged_answer,
    response_root,
    stamp,
)

__all__ = ["CARRIERS", "MailDesk"]

#: The carriers `carriers_query` lists (code, name), as FNAC's recorded answer does.
CARRIERS = (
    ("CHRONOPOST", "Chronopost"),
    ("DHL", "DHL"),
    ("FEDEX", "Fedex"),
    ("GLS", "GLS"),
    ("LAPOSTE", "La Poste"),
    ("SOCOLISSIMO", "SoColissimo"),
    ("TAT", "TAT Express"),
    ("TNT", "TNT"),
    ("UPS", "UPS"),
)

_MESSAGE_ACTIONS = frozenset(
    {
        "mark_as_read",
        "mark_as_unread",
        "archive",
        "mark_as_read_and_archive",
        "unarchive",
        "reply",
        "create",
        "confirm_shop_delivery",
    }
)
_REFUNDABLE_LINE_STATES = frozenset({"Shipped", "NotReceived", "Received"})
#: The `incident_close_state` of an incident closed by the seller's refund ("seller agreement").
_CLOSED_BY_REFUND = "3"


@attrs.define
class MailDesk:
    """Handlers of the after-sale services over one `ShopState`.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> MailDesk(ShopState(clock=FakeClock())).state.messages
        {}
    """

    state: ShopState

    # -- messages -------------------------------------------------------------------------

    def messages_query(self, request: etree._Element) -> etree._Element:
        """Messages, filtered (every filter of `MESSAGE_FILTERS`), sorted and paged.

        Newest first by default; `<sort_by type="ASC|DESC">CREATED_AT|UPDATED_AT</sort_by>`
        picks the date and the direction.
        """
        messages = apply_filters(
            list(self.state.messages.values()), request, self.state, MESSAGE_FILTERS
        )
        sort = next(iter(children(request, "sort_by")), None)
        by_update = sort is not None and text_of(sort) == "UPDATED_AT"
        ascending = sort is not None and sort.get("type") == "ASC"
        messages.sort(
            key=lambda m: (m.updated_at if by_update else m.created_at, m.message_id),
            reverse=not ascending,
        )
        root, page = paged_answer("messages_query", request, messages)
        for message in page:
            node = sub_element(root, "message", state=message.state, archived=message.archived)
            cdata(node, "message_id", message.message_id)
            referer = cdata(node, "message_referer", message.referer)
            referer.set("type", message.referer_type)
            sender = cdata(node, "message_from", message.from_name)
            sender.set("type", message.from_type)
            cdata(node, "message_subject", message.subject)
            cdata(node, "message_description", message.description)
            cdata(node, "created_at", stamp(message.created_at))
            cdata(node, "updated_at", stamp(message.updated_at))
        return root

    def messages_update(self, request: etree._Element) -> etree._Element:
        """Mark, archive, answer or create messages; one `<message status=...>` per message."""
        root = response_root("messages_update")
        failed = False
        for node in children(request, "message"):
            message_id = (node.get("id") or "").strip()
            action = node.get("action") or ""
            out = sub_element(root, "message", status="OK", id=message_id)
            error = self._update_message(node, message_id.upper(), action)
            if error is not None:
                failed = True
                out.set("status", "ERROR")
                add_error(out, *error)
        if failed:
            root.set("status", "ERROR")
        return root

    def _update_message(
        self, node: etree._Element, message_id: str, action: str
    ) -> tuple[str, str] | None:
        if action not in _MESSAGE_ACTIONS:
            return Codes.SCHEMA, f"XML Schema Validation failed: action '{action}'"
        now = self.state.now()
        if action in ("create", "reply"):
            order = self.state.orders.get(message_id)
            original = self.state.messages.get(message_id)
            referer = order.order_id if order else original.referer if original else None
            if referer is None:
                return Codes.MESSAGE_NOT_FOUND, f"Message or order not found: {message_id}"
            reply = Message(
                message_id=self.state.new_uuid(),
                referer_type="ORDER",
                referer=referer,
                from_type="SELLER",
                from_name="Seller",
                subject=child_text(node, "message_subject") or "other_question",
                description=child_text(node, "message_description") or "",
                created_at=now,
                updated_at=now,
                state="READ",
            )
            self.state.messages[reply.message_id] = reply
            if original is not None:
                original.state, original.updated_at = "READ", now
            return None
        message = self.state.messages.get(message_id)
        if message is None:
            return Codes.MESSAGE_NOT_FOUND, f"Message not found: {message_id}"
        if action in ("mark_as_read", "mark_as_read_and_archive", "confirm_shop_delivery"):
            message.state = "READ"
        if action == "mark_as_unread":
            message.state = "UNREAD"
        if action in ("archive", "mark_as_read_and_archive"):
            message.archived = "TRUE"
        if action == "unarchive":
            message.archived = "FALSE"
        message.updated_at = now
        return None

    # -- incidents ------------------------------------------------------------------------

    def incidents_query(self, request: etree._Element) -> etree._Element:
        """Incidents, filtered (every filter of `INCIDENT_FILTERS`), sorted and paged.

        Newest first by default; `<sort_by>ASC</sort_by>` gives the oldest first.
        """
        incidents = apply_filters(
            list(self.state.incidents.values()), request, self.state, INCIDENT_FILTERS
        )
        ascending = (child_text(request, "sort_by") or "DESC").upper() == "ASC"
        incidents.sort(key=lambda i: (i.created_at, i.incident_id), reverse=not ascending)
        root, page = paged_answer("incidents_query", request, incidents)
        for incident in page:
            self._write_incident(root, incident)
        return root

    def _write_incident(self, root: etree._Element, incident: Incident) -> None:
        node = sub_element(root, "incident", id=incident.incident_id)
        header = sub_element(node, "header")
        sub_element(header, "status", incident.status)
        sub_element(header, "waiting_for_seller_answer", incident.waiting_for_seller_answer)
        cdata(header, "message", incident.message)
        sub_element(header, "opened_by", incident.opened_by)
        if incident.closed_by:
            sub_element(header, "closed_by", incident.closed_by)
        if incident.closed_status:
            sub_element(header, "closed_status", incident.closed_status)
        sub_element(header, "created_at", stamp(incident.created_at))
        sub_element(header, "updated_at", stamp(incident.updated_at))
        if incident.closed_at is not None:
            sub_element(header, "closed_at", stamp(incident.closed_at))
        sub_element(header, "order_id", incident.order_id)
        details = sub_element(node, "order_details_incident")
        order = self.state.orders.get(incident.order_id)
        for detail_id in incident.detail_ids:
            item = sub_element(details, "order_detail_incident")
            sub_element(item, "order_detail_id", str(detail_id))
            sub_element(item, "type", incident.type)
            refunded_at = incident.refunded.get(detail_id)
            sub_element(item, "status", "CLOSED" if refunded_at else "OPENED")
            sub_element(item, "created_at", stamp(incident.created_at))
            sub_element(item, "updated_at", stamp(refunded_at or incident.updated_at))
            line = (
                next((ln for ln in order.lines if ln.detail_id == detail_id), None)
                if order
                else None
            )
            if refunded_at is not None and line is not None:
                refund = sub_element(sub_element(item, "refunds"), "refund")
                sub_element(refund, "product_amount", decimal_text(line.price * line.quantity))
                # FNAC-Q13: a refund is the whole line, its shipping included.
                whole = self.state.behaviours.on("FNAC-Q13")
                shipping = line.shipping_price if whole else Decimal(0)
                sub_element(refund, "shipping_amount", decimal_text(shipping))
                sub_element(refund, "fee_ht_amount", decimal_text(line.fees))
                sub_element(refund, "created_at", stamp(refunded_at))

    def incidents_update(self, request: etree._Element) -> etree._Element:
        """Refund the lines of an open incident (the live server's answer shape)."""
        root = response_root("incidents_update")
        for node in children(request, "order"):
            order_id = (node.get("order_id") or "").strip().upper()
            order = self.state.orders.get(order_id)
            incident = next(
                (i for i in self.state.incidents.values() if i.order_id == order_id), None
            )
            out = sub_element(root, "order")
            status = sub_element(out, "status", "OK")
            sub_element(out, "order_id", order_id)
            if order is None:
                status.text = "FATAL"
                add_error(out, Codes.ORDER_NOT_FOUND, f"Order not found: {order_id}")
                root.set("status", "ERROR")
                continue
            state_node = sub_element(out, "state", order.state)
            if incident is not None:
                sub_element(out, "incident_id", incident.incident_id)
                sub_element(
                    out, "incident_status", "OPEN" if incident.status == "OPENED" else "CLOSED"
                )
            wanted = [
                int(child_text(d, "order_detail_id") or 0) for d in children(node, "order_detail")
            ]
            lines = [ln for ln in order.lines if ln.detail_id in wanted]
            if (
                incident is None
                or incident.status != "OPENED"
                or not lines
                or any(ln.state not in _REFUNDABLE_LINE_STATES for ln in lines)
            ):
                status.text = "FATAL"
                add_error(
                    out, Codes.BAD_STATE, "Order current status is not valid for refund action"
                )
                root.set("status", "ERROR")
                for detail_id in wanted:
                    item = sub_element(out, "order_detail")
                    sub_element(item, "order_detail_id", str(detail_id))
                    sub_element(item, "status", "FATAL")
                continue
            now = self.state.now()
            for line in lines:
                line.state = "Refunded"
                incident.refunded[line.detail_id] = now
            if all(d in incident.refunded for d in incident.detail_ids):
                incident.status, incident.closed_at = "CLOSED", now
                incident.closed_by, incident.closed_status = "seller", _CLOSED_BY_REFUND
                incident.waiting_for_seller_answer = "FALSE"
            incident.updated_at = now
            if all(ln.state in ("Refunded", "Refused", "Cancelled") for ln in order.lines):
                order.state = "Refunded"
            order.updated_at = now
            state_node.text = order.state
            for line in lines:
                item = sub_element(out, "order_detail")
                sub_element(item, "order_detail_id", str(line.detail_id))
                sub_element(item, "status", "OK")
        return root

    # -- client order comments ------------------------------------------------------------

    def client_order_comments_query(self, request: etree._Element) -> etree._Element:
        """Buyers' comments on orders, filtered (every filter of `COMMENT_FILTERS`) and paged."""
        comments = sorted(self.state.comments.values(), key=lambda c: c.created_at, reverse=True)
        comments = apply_filters(comments, request, self.state, COMMENT_FILTERS)
        root, page = paged_answer("client_order_comments_query", request, comments)
        for comment in page:
            node = sub_element(root, "client_order_comment")
            sub_element(node, "rate", str(comment.rate))
            sub_element(node, "order_fnac_id", comment.order_id)
            sub_element(node, "client_order_comment_id", comment.comment_id)
            cdata(node, "client_name", comment.client_name)
            cdata(node, "comment", comment.text)
            if comment.reply:
                cdata(node, "reply", comment.reply)
            for flag in ("is_received", "is_fast", "is_well_packed", "is_good_shape"):
                sub_element(node, flag, "true")
            sub_element(node, "created_at", stamp(comment.created_at))
        return root

    def client_order_comments_update(self, request: etree._Element) -> etree._Element:
        """Answer comments; an unknown id is answered with ERR_128 as FNAC does."""
        root = response_root("client_order_comments_update")
        for node in children(request, "comment"):
            comment_id = (node.get("id") or "").strip()
            out = sub_element(root, "comment", status="OK", id=comment_id)
            comment = self.state.comments.get(comment_id.upper())
            if comment is None:
                out.set("status", "ERROR")
                root.set("status", "ERROR")
                add_error(
                    out, Codes.COMMENT_NOT_FOUND, "[ClientOrderComment Update] Comment not found"
                )
                continue
            comment.reply = (child_text(node, "comment_reply") or "")[:255]
            comment.replied_at = self.state.now()
        return root

    # -- shop invoices and carriers -------------------------------------------------------

    def shop_invoices_query(self, request: etree._Element) -> etree._Element:
        """The shop's invoices, filtered by creation date and paged."""
        invoices = sorted(self.state.invoices.values(), key=lambda i: i.created_at, reverse=True)
        invoices = apply_filters(invoices, request, self.state, INVOICE_FILTERS)
        root, page = paged_answer("shop_invoices_query", request, invoices)
        for invoice in page:
            node = sub_element(root, "shop_invoice")
            sub_element(node, "invoice_id", invoice.invoice_id)
            url = f"https://sandbox.invalid/invoices/{invoice.invoice_id}"
            sub_element(node, "url", f"{url}.pdf")
            sub_element(node, "report_url", f"{url}.csv")
            sub_element(node, "created_at", stamp(invoice.created_at))
            fees = (invoice.order_amount * Decimal("0.12")).quantize(Decimal("0.01"))
            amounts = {
                "transfer_amount": invoice.order_amount - fees,
                "tva": (fees * Decimal("0.2")).quantize(Decimal("0.01")),
                "order_amount": invoice.order_amount,
                "shipping_amount": Decimal(0),
                "fee_tax_inc_amount": fees,
            }
            for name, amount in amounts.items():
                sub_element(node, name, decimal_text(amount))
            for name in (
                "subscription_tax_inc_amount",
                "refund_fee_tax_inc_amount_payable",
                "refund_fee_tax_inc_amount_paid",
                "refund_subscription_period_tax_inc_amount_payable",
                "refund_subscription_period_tax_inc_amount_paid",
            ):
                sub_element(node, name, "0")
        return root

    def carriers_query(self, request: etree._Element) -> etree._Element:
        """The carriers a seller may name in `confirm_to_send`."""
        query = child_text(request, "query")
        if query not in (None, "", "all"):
            raise ServiceError(Codes.SCHEMA, f"XML Schema Validation failed: query '{query}'")
        root = response_root("carriers_query")
        for code, name in CARRIERS:
            node = sub_element(root, "carrier", code=code)
            node.set("global", "1")
            cdata(node, "name", name)
        return root
