"""Session renewal: an idle timeout without a database write on every request."""

import time

from django.conf import settings


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
