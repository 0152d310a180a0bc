"""Every request the sandbox serves is checked against FNAC's published XSD for its service.

FNAC validates each request document against its schemas before it acts, and answers a refused
document whole, with `status="ERROR"` and one `<error>` quoting the validator (the recorded
answers show both kinds): a value outside its type (an enumeration, a pattern, a length, a
number) is ERR_146 "XML Schema Validation failed: ...", anything else about the document's
structure (a missing or unexpected element or attribute) is ERR_096 "XML Validation failed:
...". The message ends with ` line: N`, the line of the offending element in the request.

The schemas are FNAC's own (in `xsd/`, identical to the copies in the published specs); each
service's schema is compiled once per process, on first use, and shared by every sandbox.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> body = ('<carriers_query xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" '
    ...         'partner_id="00000000-0000-4000-8000-000000000000" '
    ...         'shop_id="00000000-0000-4000-8000-000000000000"><query>some</query>'
    ...         '</carriers_query>')
    >>> try:
    ...     validate_request("carriers_query", parse_xml(body))
    ... except ServiceError as error:
    ...     print(error.code, error.message[:28])
    ERR_146 XML Schema Validation failed
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from lxml import etree

from marketplace_sdk.fnac.sandbox._wire import Codes, ServiceError

__all__ = ["SCHEMA_FILES", "XSD_DIR", "request_schema", "validate_request"]

#: The folder of FNAC's XSDs shipped with the sandbox.
XSD_DIR = Path(__file__).with_name("xsd")

#: The XSD that declares each service's request (its root element is the service name).
SCHEMA_FILES = {
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

# libxml2's errors about a value (facets and datatypes); the rest are about structure.
_VALUE_ERRORS = ("_VALID", "CVC_ATTRIBUTE_3")

_compiled: dict[str, etree.XMLSchema] = {}
# Compiling is done once, and libxml2 keeps a validation's errors on the schema object, so a
# schema validates one document at a time (sandboxes on loopback servers share them).
_lock = threading.Lock()


def request_schema(service: str) -> etree.XMLSchema:
    """The compiled schema of `service` (compiled on first use, then shared).

    Raises:
        KeyError: no XSD declares the service.

    Examples:
        >>> request_schema("orders_query") is request_schema("orders_query")
        True
    """
    with _lock:
        return _compile(service)


def _compile(service: str) -> etree.XMLSchema:
    schema = _compiled.get(service)
    if schema is None:
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        document = etree.parse(str(XSD_DIR / SCHEMA_FILES[service]), parser)
        schema = _compiled[service] = etree.XMLSchema(document)
    return schema


def validate_request(service: str, request: etree._Element) -> None:
    """Refuse `request` as FNAC does when its service's XSD does not accept it.

    Raises:
        ServiceError: ERR_146 for a value its type refuses, ERR_096 for any other violation;
            the message quotes the first violation and its line.
    """
    with _lock:
        schema = _compile(service)
        if schema.validate(request):
            return
        log: Any = schema.error_log  # lxml's stubs leave the log's entries untyped
        first = log[0]
        kind, line, text = str(first.type_name), int(first.line), str(first.message)
    if any(marker in kind for marker in _VALUE_ERRORS):
        raise ServiceError(Codes.SCHEMA, f"XML Schema Validation failed: {text} line: {line}")
    raise ServiceError(Codes.XML_VALIDATION, f"XML Validation failed: {text} line: {line}")
