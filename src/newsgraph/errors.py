"""newsgraph's errors, each with a stable code.

Expected problems (bad input, unreachable URL, missing extra) are :class:`NewsgraphError`
subclasses: the CLI prints one line ``E0xx: <input>: <problem>`` and exits 2, the REST API answers
a 4xx JSON error. Errors of dependencies are translated at the boundary with ``raise … from exc``.
"""

from __future__ import annotations


class NewsgraphError(Exception):
    """Base class. ``code`` is stable and documented; ``source`` names the offending input."""

    code = "E000"
    http_status = 400

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = f"{self.source}: " if self.source else ""
        return f"{self.code}: {where}{self.message}"

    def to_dict(self) -> dict[str, object]:
        return {"ok": False, "error": str(self), "code": self.code, "status": self.http_status}


class InputError(NewsgraphError):
    """The input cannot be analysed as given."""

    code = "E001"


class EmptyInputError(InputError):
    code = "E002"


class BinaryInputError(InputError):
    code = "E003"


class EncodingError(InputError):
    code = "E004"


class InputTooLargeError(InputError):
    code = "E005"
    http_status = 413


class InputNotFoundError(InputError):
    code = "E006"
    http_status = 404


class NotAFileError(InputError):
    code = "E007"


class UnsupportedSchemeError(InputError):
    code = "E008"


class FetchError(InputError):
    """Network problems: unreachable host, HTTP error status, timeout, refused address."""

    code = "E009"
    http_status = 502


class FetchTimeoutError(FetchError):
    code = "E010"
    http_status = 504


class HTTPStatusError(FetchError):
    code = "E011"


class ForbiddenAddressError(FetchError):
    code = "E012"
    http_status = 400


class MalformedInputError(InputError):
    """Structurally broken input: HTML/XML/JSON/feed/WARC that cannot be parsed."""

    code = "E013"


class InvalidOptionError(NewsgraphError):
    code = "E020"


class ModelNotFoundError(NewsgraphError):
    code = "E030"
    http_status = 500


class MissingExtraError(NewsgraphError):
    """An optional dependency group is not installed."""

    code = "E040"
    http_status = 500

    def __init__(self, extra: str, package: str) -> None:
        super().__init__(
            f"this needs the optional '{package}' package: pip install 'newsgraph[{extra}]'"
        )


class StoreError(NewsgraphError):
    code = "E050"
    http_status = 500


class StoreLockedError(StoreError):
    code = "E051"
    http_status = 409


ERROR_CODES: dict[str, type[NewsgraphError]] = {
    cls.code: cls
    for cls in [
        NewsgraphError, InputError, EmptyInputError, BinaryInputError, EncodingError,
        InputTooLargeError, InputNotFoundError, NotAFileError, UnsupportedSchemeError, FetchError,
        FetchTimeoutError, HTTPStatusError, ForbiddenAddressError, MalformedInputError,
        InvalidOptionError, ModelNotFoundError, MissingExtraError, StoreError, StoreLockedError,
    ]
}


def require(module: str, extra: str):
    """Import an optional dependency or raise :class:`MissingExtraError` naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(extra, module.split(".")[0]) from exc
