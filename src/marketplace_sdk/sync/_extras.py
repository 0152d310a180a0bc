"""Optional dependencies: a missing one names the extra that installs it.

Examples:
    >>> try:
    ...     with require_extra("celery", "marketplace_sdk.sync.celery"):
    ...         import no_such_package_for_the_doctest
    ... except ModuleNotFoundError as error:
    ...     print(error)
    marketplace_sdk.sync.celery needs the 'celery' extra (no_such_package_for_the_doctest is \
not installed): pip install 'marketplace-sdk[celery]'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["require_extra"]


@contextmanager
def require_extra(extra: str, module: str) -> Iterator[None]:
    """Turn a missing optional dependency into an error naming the extra to install.

    Examples:
        with require_extra("celery", __name__):
            from celery import Celery
    """
    try:
        yield
    except ModuleNotFoundError as error:
        missing = error.name or "a dependency"
        raise ModuleNotFoundError(
            f"{module} needs the {extra!r} extra ({missing} is not installed): "
            f"pip install 'marketplace-sdk[{extra}]'",
            name=error.name,
        ) from error
