"""Who may open the organization list, and which districts its filter offers.

Whether the user may open one organization, and the organizations a list shows:
centers/policy.py (organization_decision, visible_organizations), which every page that
links an organization asks; partners of the survey links: members/baseline/policy.py."""

from django.db.models import QuerySet

from centers.policy import visible_organizations
from centers.scope import Decision, Viewer, scope_of
from members.models import District


def organization_list_decision(user: Viewer) -> Decision:
    return Decision.ALLOW if scope_of(user).sees_organizations else Decision.FORBID


def may_open_organizations(user: Viewer) -> bool:
    return organization_list_decision(user) is Decision.ALLOW


def visible_districts(user: Viewer) -> QuerySet[District] | None:
    """The districts the list's filter offers: only those whose organizations the user
    may see; None: every district."""
    if scope_of(user).everywhere:
        return None
    return District.objects.filter(organizations__in=visible_organizations(user)).distinct()
