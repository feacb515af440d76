"""Who may read the catalogue (products, reference prices, partners) and keep its
reference prices."""

from centers.scope import Viewer, scope_of


def may_view_catalogue(user: Viewer) -> bool:
    return scope_of(user).has_role


def may_edit_reference_prices(user: Viewer) -> bool:
    scope = scope_of(user)
    return scope.is_admin or scope.provincial_staff or scope.provincial_marketing
