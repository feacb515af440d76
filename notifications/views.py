"""A person's messages: the inbox, opening one, and how they hear each kind."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import policy, selectors, services
from .forms import PreferencesForm

PAGE_SIZE = 30


def inbox(request):
    page = Paginator(selectors.inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/inbox.html",
        {"page": page, "has_email": bool(request.user.email)},
    )


def notification_open(request, pk):
    """Opening a message marks it read and goes where it asks the reader to act."""
    notification = get_object_or_404(policy.visible_notifications(request.user), pk=pk)
    services.notification_open(notification=notification)
    # Our own pages only (the address is written by the application, never by a user).
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("notification_inbox")


@require_POST
def read_all(request):
    count = services.notifications_read_all(user=request.user)
    messages.success(request, f"ทำเครื่องหมายว่าอ่านแล้ว {count} รายการ")
    return redirect("notification_inbox")


def preferences(request):
    form = PreferencesForm(request.POST or None, channels=selectors.channels_of(request.user))
    if request.method == "POST" and form.is_valid():
        services.preferences_set(user=request.user, channels=form.cleaned_data)
        messages.success(request, "บันทึกการเลือกช่องทางแจ้งเตือนแล้ว")
        return redirect("notification_preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )
