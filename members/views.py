from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from centers.models import CenterLevel, CommitteeMembership, MembershipStatus

from .forms import OrganizationFilterForm
from .models import Organization
from .selectors import organizations_for_list

PAGE_SIZE = 50


@vary_on_headers("HX-Request")
def organization_list(request):
    """Organizations with filters; an htmx request gets only the results fragment."""
    form = OrganizationFilterForm(request.GET or None)
    form.is_valid()
    # A bad value drops only its own filter; the valid ones still apply.
    filters = getattr(form, "cleaned_data", {})
    organizations = organizations_for_list(
        district=filters.get("district"),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(organizations, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for organization in page.object_list:
        status = organization.membership_status
        organization.membership_status_label = MembershipStatus(status).label if status else ""
    query = request.GET.copy()
    query.pop("page", None)
    template = "members/organization_list.html"
    if request.htmx:
        template += "#org-results"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
        },
    )


def organization_detail(request, public_id):
    organization = get_object_or_404(
        Organization.objects.select_related("district", "hosted_center"), public_id=public_id
    )
    memberships = organization.memberships.select_related("center__district").order_by(
        "-applied_on", "-pk"
    )
    current_seats = CommitteeMembership.objects.current().select_related("committee")
    people = organization.people.prefetch_related(
        Prefetch("committee_memberships", queryset=current_seats, to_attr="current_seats")
    )
    return render(
        request,
        "members/organization_detail.html",
        {
            "organization": organization,
            "memberships": memberships,
            "people": people,
            "hosted_center": getattr(organization, "hosted_center", None),
            "provincial_level": CenterLevel.PROVINCIAL,
        },
    )
