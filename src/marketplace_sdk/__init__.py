"""marketplace-sdk: typed marketplace integrations for an order management system.

Example:
    >>> import marketplace_sdk
    >>> marketplace_sdk.__version__  # doctest: +SKIP
    '0.1.0'
"""

from marketplace_sdk._version import __version__

__all__ = ["__version__"]
