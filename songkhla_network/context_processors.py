from . import access


def navigation(request):
    """What the menu offers; the views check every request regardless."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    allow = access.Decision.ALLOW
    scope = access.scope_of(user)
    return {
        "nav_organizations": access.organization_list_decision(user) is allow,
        "nav_applications": access.application_list_decision(user) is allow,
        # A representative's "rosters" is the group's own roster.
        "nav_rosters": access.roster_overview_decision(user) is allow
        or bool(scope.organization_ids),
        "nav_imports": access.may_import_registry(user),
    }
