"""The one table that turns domain errors into HTTP responses."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from perimeter.core import errors

STATUS: dict[type[errors.PerimeterError], int] = {
    errors.ParseError: 422,
    errors.UnknownCountry: 422,
    errors.InvalidInput: 422,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.AuthenticationRequired: 401,
    errors.PermissionDenied: 403,
    errors.NotInitialised: 503,
    errors.Unavailable: 503,
}


def status_for(error: errors.PerimeterError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.PerimeterError)
    async def _domain_error(_request: Request, error: errors.PerimeterError) -> JSONResponse:
        status = status_for(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": error.code, "message": error.message}, status_code=status, headers=headers)
