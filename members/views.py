from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.vary import vary_on_headers

from centers.applications import organization_application_context
from centers.models import CommitteeMembership, MembershipStatus
from songkhla_network import access

from .baseline.views import organization_baseline_context
from .forms import OrganizationFilterForm
from .models import Organization
from .rosters.views import organization_roster_context
from .selectors import organization_history, organizations_for_list

PAGE_SIZE = 50


@vary_on_headers("HX-Request")
def organization_list(request):
    """Organizations with filters; an htmx request gets only the results fragment."""
    access.enforce(access.organization_list_decision(request.user))
    form = OrganizationFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    # A bad value drops only its own filter; the valid ones still apply.
    filters = getattr(form, "cleaned_data", {})
    organizations = organizations_for_list(
        access.organizations(request.user),
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
    access.enforce(access.organization_decision(request.user, organization))
    hosted = getattr(organization, "hosted_center", None)
    current_seats = CommitteeMembership.objects.current().select_related("committee")
    people = list(
        organization.people.prefetch_related(
            Prefetch("committee_memberships", queryset=current_seats, to_attr="current_seats")
        )
    )
    personal_data = access.may_see_personal_data(request.user, organization)
    for person in people:
        person.shown_phone = person.phone if personal_data else access.mask_phone(person.phone)
    return render(
        request,
        "members/organization_detail.html",
        {
            # Each part of the page brings its own figures (one function per feature).
            **organization_application_context(request, organization),
            **organization_roster_context(request, organization),
            **organization_baseline_context(request, organization),
            "organization": organization,
            "people": people,
            "hosted_center": hosted,
            "personal_data": personal_data,
            "hosted_center_visible": hosted is not None
            and access.may_view_center(request.user, hosted),
            "history": organization_history(organization, personal_data=personal_data),
        },
    )
