"""The one table that turns domain errors into HTTP responses: JSON for the API, a page for the UI."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

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

TITLES = {401: "Sign in needed", 403: "Not allowed", 404: "Not found", 409: "Conflict", 422: "Not accepted"}


def status_for(error: errors.PerimeterError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def install(app: FastAPI) -> None:
    @app.exception_handler(errors.PerimeterError)
    async def _domain_error(request: Request, error: errors.PerimeterError) -> Response:
        if request.url.path.startswith("/ui") or request.url.path == "/":
            return _page(request, error)
        status = status_for(error)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"error": error.code, "message": error.message}, status_code=status, headers=headers)


def _page(request: Request, error: errors.PerimeterError) -> Response:
    from perimeter.web.auth import current_session
    from perimeter.web.ui.render import SignInRequired, render, sign_in_url

    if isinstance(error, SignInRequired | errors.AuthenticationRequired):
        next_path = error.next_path if isinstance(error, SignInRequired) else request.url.path
        return RedirectResponse(sign_in_url(next_path), status_code=303)
    status = status_for(error)
    session = getattr(request.state, "session", None) or current_session(request)
    title = TITLES.get(status, "Something went wrong")
    return render(request, "error.html", session, status_code=status, title=title, message=error.message)
