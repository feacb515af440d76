from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LogoutView
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import escape_uri_path


class ThaiLogoutView(LogoutView):
    """Sign-out is a POST (CSRF); a GET (an old bookmark, a typed URL) gets a Thai page
    with the button instead of Django's blank 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")


def locked_out(request, original_response=None, credentials=None):
    """django-axes calls this when a username is locked out from this address."""
    cooloff = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "retry_at": timezone.now() + cooloff,
            "cooloff_minutes": int(cooloff.total_seconds() // 60),
        },
        status=429,
    )


def client_address(request) -> str:
    """The client's address for the sign-in lockout.

    Behind the one TLS proxy (BEHIND_TLS_PROXY), every request comes from the proxy; the
    client is the last address it appended to X-Forwarded-For (earlier entries are
    whatever the client sent, and cannot be trusted).
    """
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded.strip():
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


@login_not_required
def health(request):
    """For the load balancer, monitoring and the benchmark's floor: the application
    answers and its database answers. No session, no template."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


@login_not_required  # the admin it leads to asks for the sign-in, as it always did
def moved_admin_page(request, app_label: str, model: str, rest: str):
    """An admin page of a model that changed app (issue 15; urls.MOVED_ADMIN_PAGES): its
    old address, a bookmark or a link in an old e-mail, leads to
    /admin/<app_label>/<model>/…, with its query string."""
    target = reverse("admin:app_list", args=[app_label]) + escape_uri_path(f"{model}/{rest}")
    if request.META.get("QUERY_STRING"):
        target += "?" + request.META["QUERY_STRING"]
    return HttpResponsePermanentRedirect(target)
