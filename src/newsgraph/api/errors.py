"""One JSON error shape for every error the API returns.

``{"ok": false, "error": "E0xx: …", "code": "E0xx", "status": 4xx}`` — the dict
:meth:`newsgraph.errors.NewsgraphError.to_dict` produces, which owns the shape: HTTP-level
problems without an error class of their own (404s of unknown routes, 405s, FastAPI's validation
errors, bodies that are too large) become an :class:`HTTPProblem` and go through it too.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsgraph.errors import NewsgraphError

#: Codes for HTTP-level problems that have no NewsgraphError class of their own.
HTTP_CODES: dict[int, str] = {
    400: "E001",  # InputError
    401: "E060",
    403: "E060",
    404: "E006",  # InputNotFoundError
    405: "E061",
    413: "E005",  # InputTooLargeError
    422: "E001",
    500: "E000",
}


class UnauthorizedError(NewsgraphError):
    """Missing or wrong API token."""

    code = "E060"
    http_status = 401


class NotFoundError(NewsgraphError):
    """No such article, entity or route."""

    code = "E006"
    http_status = 404


class HTTPProblem(NewsgraphError):
    """An HTTP-level problem with a status but no NewsgraphError class: its code comes from
    :data:`HTTP_CODES` unless given."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        self.code = code or HTTP_CODES.get(status, "E000")
        self.http_status = status
        super().__init__(message)


def error_payload(status: int, message: str, code: str | None = None) -> dict[str, object]:
    return HTTPProblem(status, message, code).to_dict()


def error_response(status: int, message: str, code: str | None = None) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(error_payload(status, message, code), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NewsgraphError)
    async def _newsgraph(_: Request, exc: NewsgraphError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.http_status)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and detail == "Not Found":
            detail = "no such resource"
        return error_response(exc.status_code, detail)

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors()[:5]:
            where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
            parts.append(f"{where}: {err.get('msg', 'invalid')}")
        return error_response(422, "; ".join(parts) or "invalid request")

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        # Never leak a stack trace to the client; the server log has it.
        import logging

        logging.getLogger("newsgraph.api").exception("unhandled error", exc_info=exc)
        return error_response(500, f"internal error ({type(exc).__name__})")
