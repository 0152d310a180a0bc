"""Validate FNAC XML documents against FNAC's official XSDs in `specs/fnac-legacy/xsd`.

Reusable by any FNAC test (the wire layer's requests, the sandbox's answers). The service XSDs
cannot be compiled together (some types are defined twice), so each document is validated against
the one `*Service.xsd` that declares its root element. Request header attributes must be uuids:
`with_header` adds valid ones to a document built without them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

NAMESPACE = "http://www.fnac.com/schemas/mp-dialog.xsd"

#: A syntactically valid uuid for the `partner_id`, `shop_id` and `token` header attributes.
TEST_UUID = "00000000-0000-4000-8000-000000000000"

#: Root element (request or response) to the service XSD that declares it.
XSD_FOR_SERVICE = {
    "auth": "AuthenticationService.xsd",
    "batch_query": "BatchQueryService.xsd",
    "batch_status": "BatchStatusService.xsd",
    "carriers_query": "CarriersQueryService.xsd",
    "client_order_comments_query": "ClientOrderCommentsQueryService.xsd",
    "client_order_comments_update": "ClientOrderCommentsUpdateService.xsd",
    "incidents_query": "IncidentsQueryService.xsd",
    "incidents_update": "IncidentsUpdateService.xsd",
    "messages_query": "MessagesQueryService.xsd",
    "messages_update": "MessagesUpdateService.xsd",
    "offers_query": "OffersQueryService.xsd",
    "offers_update": "OffersUpdateService.xsd",
    "orders_query": "OrdersQueryService.xsd",
    "orders_update": "OrdersUpdateService.xsd",
    "pricing_query": "PricingQueryService.xsd",
    "shop_invoices_query": "ShopInvoicesQueryService.xsd",
}


def service_of(root_name: str) -> str:
    """The service a root element belongs to (`orders_query_response` -> `orders_query`)."""
    return root_name.removesuffix("_response")


def xsd_dir(shared_specs: Path) -> Path:
    """The folder of FNAC's XSDs inside the shared specs."""
    return shared_specs / "fnac-legacy" / "xsd"


@cache
def _schema(path: str) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(path, parser))


def schema_for(xsd_folder: Path, root_name: str) -> etree.XMLSchema:
    """The compiled schema of the service whose request or response is `root_name`."""
    service = service_of(root_name)
    if service not in XSD_FOR_SERVICE:
        raise KeyError(f"no FNAC XSD declares <{root_name}>")
    return _schema(str(xsd_folder / XSD_FOR_SERVICE[service]))


def local_name(node: etree._Element) -> str:
    """The tag of `node` without its namespace."""
    return etree.QName(node).localname


def validation_errors(xsd_folder: Path, document: bytes) -> list[str]:
    """Every XSD violation of `document` (empty when valid)."""
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    schema = schema_for(xsd_folder, local_name(root))
    if schema.validate(root):
        return []
    return [f"line {error.line}: {error.message}" for error in schema.error_log]


def assert_valid(xsd_folder: Path, document: bytes) -> None:
    """Fail with every violation when `document` does not validate against its service XSD."""
    errors = validation_errors(xsd_folder, document)
    assert not errors, "XSD violations:\n" + "\n".join(errors) + "\n" + document.decode()[:2000]


def with_header(document: bytes, *, token: bool = True) -> bytes:
    """`document` with uuid `partner_id`, `shop_id` (and `token`) on its root, as sent."""
    root = etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
    if local_name(root) != "auth":
        root.set("partner_id", TEST_UUID)
        root.set("shop_id", TEST_UUID)
        if token:
            root.set("token", TEST_UUID)
    result: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return result
