"""Session renewal: an idle timeout without a database write on every request; and
the size of a request, refused with a Thai page before it is read."""

import time

from django.conf import settings
from django.shortcuts import render


def renewal_due(session) -> bool:
    every = getattr(settings, "SESSION_RENEW_SECONDS", 60)
    return int(time.time()) - session.get("renewed_at", 0) >= every


def mark_renewed(session) -> None:
    session["renewed_at"] = int(time.time())


def session_renewal(get_response):
    """Renew a signed-in session's expiry (SESSION_COOKIE_AGE from now) when it was last
    renewed SESSION_RENEW_SECONDS (60) or more ago, instead of on every request
    (SESSION_SAVE_EVERY_REQUEST): a session still ends SESSION_IDLE_MINUTES after the last
    request, give or take that minute, and a page's requests do not each write the
    session row. Signing in counts as a renewal (the session is written then anyway)."""

    def middleware(request):
        response = get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response  # no session to keep, and none is made (a stale cookie too)
        if renewal_due(request.session):
            mark_renewed(request.session)  # modified: SessionMiddleware saves it and the cookie
        return response

    return middleware


def renewed_at_sign_in(sender, request, user, **kwargs):
    mark_renewed(request.session)


def request_size_limit(get_response):
    """A request larger than the application takes answers a Thai page (413) before any
    of its body is read: a form without files up to DATA_UPLOAD_MAX_MEMORY_SIZE, one with
    a file up to UPLOAD_REQUEST_MAX_SIZE (Django itself has no limit on files, and its
    refusal of a large form is an unexplained 400). The reverse proxy refuses larger
    bodies still before they reach gunicorn (README, Production)."""

    def middleware(request):
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        with_files = request.content_type == "multipart/form-data"
        limit = (
            settings.UPLOAD_REQUEST_MAX_SIZE if with_files else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        )
        if size > limit:
            context = {"limit": f"{limit / (1024 * 1024):,.0f}", "with_files": with_files}
            return render(request, "413.html", context, status=413)
        return get_response(request)

    return middleware
