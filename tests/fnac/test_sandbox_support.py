"""Helpers the FNAC sandbox tests share: a raw-XML session and the XSD contract check.

The sandbox is driven with hand-written XML (not the client), so a bug in the client's models
cannot hide a bug in the sandbox, and the other way round.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from pathlib import Path

import httpx
from lxml import etree
from tests.fnac.xsd_contract import assert_valid, schema_for, xsd_dir

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac._xml import NAMESPACE, child_text, local_name, parse_xml
from marketplace_sdk.fnac.sandbox import FnacSandbox

#: Where FNAC's live server answers differently from its 2017 XSDs, the sandbox follows the
#: recorded samples. This is the one list of those answers, each with the samples showing the
#: live shape; such answers are checked against the samples' element paths instead of the XSD.
SAMPLE_SHAPED = {
    # page/total_paging/nb_total_per_page without the XSD's messages_(un)read_result.
    "messages_query_response": ("query_messages_response.xml",),
    # several order_detail_incident per incident, where the XSD allows one.
    "incidents_query_response": ("query_incidents_response.xml",),
    # order_id/state before incident_id, incident_status "OPEN", where the XSD has another order.
    "incidents_update_response": ("update_incidents_response.xml",),
    # a top-level <error> (ERR_105, ERR_146) and products without product_name (ERR_120).
    "pricing_query_response": (
        "query_pricing_response.xml",
        "query_pricing_more_than_ten_eans_response.xml",
        "query_pricing_with_invalid_ean_response.xml",
        "query_pricing_with_no_ean_response.xml",
    ),
}

#: Elements the XSD declares that the recorded samples cannot show: the recorded incident is
#: open, so its header has none of the closing fields.
XSD_ONLY_PATHS = {
    "incidents_query_response": tuple(
        f"incidents_query_response/incident/header/{name}"
        for name in ("closed_by", "closed_status", "closed_at")
    ),
}


def make_sandbox(**options: int) -> FnacSandbox:
    """A seeded sandbox on a fake clock starting 2026-01-01T00:00:00Z."""
    return FnacSandbox.seeded(clock=FakeClock(), **options)


class Session:
    """Posts raw FNAC XML to a sandbox with the header attributes filled in."""

    def __init__(
        self,
        sandbox: FnacSandbox,
        client: httpx.Client | None = None,
        contract: Contract | None = None,
    ) -> None:
        self.sandbox = sandbox
        self.client = client or httpx.Client(
            transport=sandbox.transport(), base_url=sandbox.base_url
        )
        self.contract = contract
        self.token = ""
        self.answers: list[etree._Element] = []

    def post(self, service: str, body: str | bytes) -> httpx.Response:
        response = self.client.post(
            service, content=body, headers={"content-type": "text/xml; charset=utf-8"}
        )
        if self.contract is not None and response.status_code == 200:
            self.contract.check(response.content)
        return response

    def auth(self) -> str:
        creds = self.sandbox.credentials
        answer = self.parse(
            self.post(
                "auth",
                f'<auth xmlns="{NAMESPACE}"><partner_id>{creds.partner_id}</partner_id>'
                f"<shop_id>{creds.shop_id}</shop_id><key>{creds.key}</key></auth>",
            )
        )
        assert answer.get("status") == "OK", etree.tostring(answer)
        self.token = child_text(answer, "token") or ""
        return self.token

    def document(self, service: str, inner: str = "", **attributes: str) -> str:
        creds = self.sandbox.credentials
        header = {
            "partner_id": creds.partner_id,
            "shop_id": creds.shop_id,
            "token": self.token,
            **attributes,
        }
        attrs = " ".join(f'{key}="{value}"' for key, value in header.items() if value)
        return f'<{service} xmlns="{NAMESPACE}" {attrs}>{inner}</{service}>'

    def call(self, service: str, inner: str = "", **attributes: str) -> etree._Element:
        if not self.token:
            self.auth()
        return self.parse(self.post(service, self.document(service, inner, **attributes)))

    def parse(self, response: httpx.Response) -> etree._Element:
        assert response.status_code == 200, response.text
        root = parse_xml(response.content)
        self.answers.append(root)
        return root


def texts(root: etree._Element, path: str) -> list[str]:
    """Texts of the elements at a slash-separated local-name path below `root`."""
    nodes = [root]
    for name in path.split("/"):
        nodes = [item for node in nodes for item in node if local_name(item) == name]
    return ["".join(str(part) for part in node.itertext()).strip() for node in nodes]


def errors(root: etree._Element) -> list[str]:
    """Codes of every `<error>` anywhere in the answer."""
    return [node.get("code", "") for node in root.iter(f"{{{NAMESPACE}}}error")]


def _paths(root: etree._Element) -> Iterator[str]:
    def walk(node: etree._Element, prefix: str) -> Iterator[str]:
        for item in node:
            if isinstance(item.tag, str):
                path = f"{prefix}/{local_name(item)}"
                yield path
                yield from walk(item, path)

    return walk(root, local_name(root))


class Contract:
    """Validates answers against the one `*Service.xsd` declaring their root element
    (through the shared `xsd_contract` helpers), or, for `SAMPLE_SHAPED` roots, against the
    element paths of the recorded samples."""

    def __init__(self, specs: Path) -> None:
        self.xsd_dir = xsd_dir(specs)
        self.samples = specs / "fnac-legacy" / "samples"
        self.checked: dict[str, int] = {}

    def schema(self, root_name: str) -> etree.XMLSchema:
        return schema_for(self.xsd_dir, root_name)

    @functools.cache  # noqa: B019 - one Contract per test module
    def sample_paths(self, root_name: str) -> frozenset[str]:
        paths = {f"{root_name}/error", *XSD_ONLY_PATHS.get(root_name, ())}
        for name in SAMPLE_SHAPED[root_name]:
            paths.update(_paths(parse_xml((self.samples / name).read_bytes())))
        return frozenset(paths)

    def check(self, body: bytes) -> None:
        document = etree.fromstring(body)  # strict: the sandbox must write well-formed XML
        name = local_name(document)
        self.checked[name] = self.checked.get(name, 0) + 1
        if name in SAMPLE_SHAPED:
            extra = set(_paths(document)) - self.sample_paths(name)
            assert not extra, f"{name}: elements no recorded sample has: {sorted(extra)}"
            return
        assert_valid(self.xsd_dir, body)
