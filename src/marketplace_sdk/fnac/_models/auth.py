"""The `auth` service: partner id, shop id and key in, a session token out.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> AuthResponse.from_xml(parse_xml(
    ...     "<auth_response status='OK'><token>T</token>"
    ...     "<validity>2016-09-09T00:00:00+02:00</validity></auth_response>")).validity.isoformat()
    '2016-09-08T22:00:00+00:00'
"""

from __future__ import annotations

from typing import Annotated, ClassVar

from lxml import etree
from pydantic import BeforeValidator, Field, SecretStr

from marketplace_sdk.fnac._models.common import FnacModel, FnacResponse, OptDateTime, OptStr
from marketplace_sdk.fnac._xml import element, sub_element

__all__ = ["AuthRequest", "AuthResponse"]


class AuthRequest(FnacModel):
    """The body of `auth`; unlike every other request it carries the credentials as elements.

    Examples:
        >>> AuthRequest(partner_id="p", shop_id="s", key=SecretStr("k"))
        AuthRequest(shop_id='s', key=SecretStr('**********'))
    """

    service: ClassVar[str] = "auth"

    partner_id: str = Field(repr=False)  # part of the login, like the key
    shop_id: str
    key: SecretStr

    def to_xml(self) -> etree._Element:
        """The `<auth>` document."""
        root = element(self.service)
        sub_element(root, "partner_id", self.partner_id)
        sub_element(root, "shop_id", self.shop_id)
        sub_element(root, "key", self.key.get_secret_value())
        return root


class AuthResponse(FnacResponse):
    """A session token and when it stops being valid. The token is a secret.

    Examples:
        >>> AuthResponse(token=SecretStr("t")).token
        SecretStr('**********')
    """

    # An empty `<token/>` is no token.
    token: Annotated[SecretStr | None, BeforeValidator(lambda v: v or None)] = None
    validity: OptDateTime = None
    version: OptStr = None
