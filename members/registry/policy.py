"""Who may load organizations from the registries."""

from centers.scope import Viewer, scope_of


def may_import_registry(user: Viewer) -> bool:
    """Load organizations from the registries: network admins and the federation's staff."""
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff
