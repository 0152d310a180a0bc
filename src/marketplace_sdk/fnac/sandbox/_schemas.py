"""FNAC's request schemas: every request is checked against the XSD of its service.

FNAC validates each request document against its schemas before it acts, and answers a refused
document whole, with `status="ERROR"` and one `<error>` quoting the validator (the recorded
answers show both kinds): a value outside its type (an enumeration, a pattern, a length, a
number) is ERR_146 "XML Schema Validation failed: ...", anything else about the document's
structure (a missing or unexpected element or attribute) is ERR_096 "XML Validation failed:
...". The message ends with ` line: N`, the line of the offending element in the request.

The schemas are FNAC's own, read where FNAC published them (the `xsd/` folder of its legacy
web-services description): the sandbox does not ship a copy. `RequestSchemas.find()` takes the
folder given, else the one named by `MARKETPLACE_SDK_FNAC_XSD`; without either, the sandbox
serves with its own checks only (bounds, required fields, filters) and says so once in its log.
Each service's schema is compiled once per folder and process, on first use, and shared.

Examples:
    >>> sandbox_schemas = RequestSchemas.find()  # None when no folder is configured
    >>> XSD_ENV
    'MARKETPLACE_SDK_FNAC_XSD'
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Any

from lxml import etree

from marketplace_sdk.fnac.sandbox._wire import Codes, ServiceError

__all__ = ["SCHEMA_FILES", "XSD_ENV", "RequestSchemas"]

logger = logging.getLogger(__name__)

#: The environment variable naming the folder of FNAC's request XSDs.
XSD_ENV = "MARKETPLACE_SDK_FNAC_XSD"

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

# Compiling is done once per folder, and libxml2 keeps a validation's errors on the schema
# object, so a schema validates one document at a time (sandboxes on loopback servers share them).
_lock = threading.Lock()
_compiled: dict[tuple[Path, str], etree.XMLSchema] = {}
_said_missing = False


class RequestSchemas:
    """FNAC's request XSDs in one folder, compiled on first use.

    Examples:
        >>> RequestSchemas(Path("/nowhere"))
        Traceback (most recent call last):
        ...
        FileNotFoundError: no FNAC request XSDs in /nowhere (AuthenticationService.xsd, ... missing)
    """

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder).resolve()
        missing = [name for name in SCHEMA_FILES.values() if not (self.folder / name).is_file()]
        if missing:
            raise FileNotFoundError(
                f"no FNAC request XSDs in {folder} ({sorted(missing)[0]}, ... missing)"
            )

    def __repr__(self) -> str:
        return f"RequestSchemas({str(self.folder)!r})"

    @classmethod
    def find(cls, folder: Path | str | None = None) -> RequestSchemas | None:
        """The schemas in `folder`, else in `$MARKETPLACE_SDK_FNAC_XSD`, else None (said once)."""
        global _said_missing
        chosen = folder if folder is not None else os.environ.get(XSD_ENV) or None
        if chosen is not None:
            return cls(chosen)
        if not _said_missing:
            _said_missing = True
            logger.info(
                "FNAC sandbox: no request XSDs (set %s to FNAC's xsd folder); requests are "
                "checked by the sandbox's own rules only",
                XSD_ENV,
            )
        return None

    def schema(self, service: str) -> etree.XMLSchema:
        """The compiled schema of `service` (compiled on first use, then shared).

        Raises:
            KeyError: no XSD declares the service.
        """
        with _lock:
            return self._compile(service)

    def _compile(self, service: str) -> etree.XMLSchema:
        key = (self.folder, service)
        schema = _compiled.get(key)
        if schema is None:
            parser = etree.XMLParser(resolve_entities=False, no_network=True)
            document = etree.parse(str(self.folder / SCHEMA_FILES[service]), parser)
            schema = _compiled[key] = etree.XMLSchema(document)
        return schema

    def validate(self, service: str, request: etree._Element) -> None:
        """Refuse `request` as FNAC does when its service's XSD does not accept it.

        Raises:
            ServiceError: ERR_146 for a value its type refuses, ERR_096 for any other
                violation; the message quotes the first violation and its line.
        """
        with _lock:
            schema = self._compile(service)
            if schema.validate(request):
                return
            log: Any = schema.error_log  # lxml's stubs leave the log's entries untyped
            first = log[0]
            kind, line, text = str(first.type_name), int(first.line), str(first.message)
        if any(marker in kind for marker in _VALUE_ERRORS):
            raise ServiceError(Codes.SCHEMA, f"XML Schema Validation failed: {text} line: {line}")
        raise ServiceError(Codes.XML_VALIDATION, f"XML Validation failed: {text} line: {line}")
