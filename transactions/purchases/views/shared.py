"""What the purchase pages share: loading a round (or a district of it) through the policy,
the answer after a POST, a confirmation step, a date typed on a confirmation."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django_htmx.http import HttpResponseClientRedirect

from centers.models import Center
from centers.scope import enforce, obtain
from songkhla_network import thai
from songkhla_network.fields import BEDateFormField

from .. import policy, selectors, services
from ..models import PurchaseRound
from ..policy import RoundView


def visible_round(request, pk) -> PurchaseRound:
    return obtain(
        PurchaseRound.objects.select_related("center__district", "center__host", "supplier"),
        policy.round_decision,
        request.user,
        pk=pk,
    )


def managed_round(request, pk) -> PurchaseRound:
    purchase_round = visible_round(request, pk)
    if not policy.may_manage_round(request.user, purchase_round):
        raise PermissionDenied("เฉพาะผู้ดูแลรอบการซื้อนี้ (ฝ่ายการตลาดหรือผู้ประสานงานศูนย์ที่เปิดรอบ)")
    return purchase_round


def round_district(purchase_round, code) -> Center:
    center = get_object_or_404(Center.objects.select_related("district", "host").of_district(code))
    if not purchase_round.is_provincial and purchase_round.center_id != center.pk:
        raise Http404("ศูนย์นี้ไม่อยู่ในรอบการซื้อนี้")
    return center


def visible_district(request, purchase_round, code) -> Center:
    """A district of a round the user may see (404 when it takes no part in the round),
    once the user may open its order page."""
    center = round_district(purchase_round, code)
    enforce(
        policy.district_order_decision(request.user, purchase_round, center, round_visible=True)
    )
    return center


def finish(request, url):
    """After a POST: back to the page. An htmx request gets a client-side redirect, not
    the page swapped into its target."""
    if request.htmx:
        return HttpResponseClientRedirect(url)
    return redirect(url)


def confirm(request, context):
    """A confirmation step: the page, or for htmx its card in place of the button."""
    template = "transactions/confirm.html"
    if request.htmx:
        template += "#confirm"
    return render(request, template, context)


def posted_date(request, name):
    """A BE date typed into a small form (a round recorded afterwards: the day of a step),
    or None when left empty; a bad one is refused with the field's Thai message."""
    try:
        return BEDateFormField(required=False).clean(request.POST.get(name, ""))
    except ValidationError as error:
        raise services.RoundError(error.messages[0], field=name) from None


def carried_date(name, day) -> list:
    """A date typed before the confirmation step, carried through it as it is typed."""
    return [(name, thai.be_date(day, "numeric"))] if day else []


def view_centers(request, purchase_round, view: RoundView) -> list[Center]:
    """The round's districts whose lines the user's view of the round shows."""
    participating = selectors.participating_centers(purchase_round)
    return policy.centers_in_view(request.user, view, participating)
