from django.contrib.auth.views import LogoutView
from django.shortcuts import render


class ThaiLogoutView(LogoutView):
    """Sign-out is a POST (CSRF); a GET (an old bookmark, a typed URL) gets a Thai page
    with the button instead of Django's blank 405."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "registration/logout_confirm.html")
