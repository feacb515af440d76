"""The organization pages: the list with its filters, and an organization's page, which
gathers each area's part (memberships and applications, roster, baseline profile), so it
sits above those areas; members' core imports none of them."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from centers.applications.views import organization_application_context
from centers.models import MembershipStatus
from centers.personal_data import may_see_personal_data, shown_phone
from centers.policy import may_view_center, organization_decision, visible_organizations
from centers.scope import enforce, obtain
from members.baseline.views import organization_baseline_context
from members.models import Organization
from members.rosters.views import organization_roster_context

from . import policy
from .forms import OrganizationFilterForm
from .selectors import organization_history, organization_people, organizations_for_list

PAGE_SIZE = 50


@vary_on_headers("HX-Request")
def organization_list(request):
    """Organizations with filters; an htmx request gets only the results fragment."""
    enforce(policy.organization_list_decision(request.user))
    form = OrganizationFilterForm(request.GET or None, user=request.user)
    form.is_valid()
    # A bad value drops only its own filter; the valid ones still apply.
    filters = getattr(form, "cleaned_data", {})
    organizations = organizations_for_list(
        visible_organizations(request.user),
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
    organization = obtain(
        Organization.objects.select_related("district", "hosted_center"),
        organization_decision,
        request.user,
        public_id=public_id,
    )
    hosted = getattr(organization, "hosted_center", None)
    people = organization_people(organization)
    personal_data = may_see_personal_data(request.user, organization)
    for person in people:
        person.shown_phone = shown_phone(person.phone, personal_data=personal_data)
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
            "hosted_center_visible": hosted is not None and may_view_center(request.user, hosted),
            "history": organization_history(organization, personal_data=personal_data),
        },
    )
