from centers.applications.policy import may_open_applications
from members.organizations.policy import may_open_organizations
from members.registry.policy import may_import_registry
from members.rosters.policy import may_follow_rosters


def navigation(request):
    """What the menu offers; the views check every request regardless."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_organizations": may_open_organizations(user),
        "nav_applications": may_open_applications(user),
        # A representative's "rosters" is the group's own roster.
        "nav_rosters": may_follow_rosters(user),
        "nav_imports": may_import_registry(user),
    }
