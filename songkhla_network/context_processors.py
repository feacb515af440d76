from centers.applications.policy import may_open_applications
from members.organizations.policy import may_open_organizations
from members.registry.policy import may_import_registry
from members.rosters.policy import may_follow_rosters
from notifications.selectors import unread_count


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
        # The header's count of unread messages: one query, when a page shows it.
        "unread_notifications": lambda: unread_count(user),
    }
