"""Personal data on the pages: who sees people's phones and national IDs in full, and how
everyone else sees them (masked), and which organizations a page may link.

Every page, export and history that shows a phone or a national ID asks here; the
templates receive the numbers already masked (`shown_phone`, `shown_id`) and the
`personal_data` flag that offers the full one."""

from collections.abc import Iterable

from members.models import Organization

from .policy import may_view_organization
from .scope import Viewer, scope_of


def may_see_personal_data(user: Viewer, organization: Organization | None) -> bool:
    """Phone numbers and national IDs of people: admins, the federation's staff, the
    coordinator of the organization's district and its own representatives. Everyone
    else sees them masked (mask_phone, mask_national_id)."""
    scope = scope_of(user)
    if scope.is_admin or scope.provincial_staff:
        return True
    if organization is None:
        return False
    return (
        organization.district_id in scope.coordinator_district_ids
        or organization.pk in scope.organization_ids
    )


def mask_phone(phone: str) -> str:
    """081-234-5601 -> 0xx-xxx-xx01: enough to recognise, not to call.

    The first digit and the last two stay; other digits become x; dashes stay."""
    total = sum(char.isdigit() for char in phone)
    if total < 4:
        return "x" * len(phone)
    masked, seen = [], 0
    for char in phone:
        if char.isdigit():
            masked.append(char if seen == 0 or seen >= total - 2 else "x")
            seen += 1
        else:
            masked.append(char)
    return "".join(masked)


def shown_phone(phone: str, *, personal_data: bool) -> str:
    """A person's phone as the page shows it: whole to those who may see personal data."""
    return phone if personal_data else mask_phone(phone)


def mask_national_id(national_id: str) -> str:
    """1234567890123 -> x-xxxx-xxxxx-xx-3: the grouping of the card, the last digit only."""
    if not national_id:
        return ""
    if len(national_id) != 13:
        return "x" * len(national_id)
    return f"x-xxxx-xxxxx-xx-{national_id[-1]}"


def format_national_id(national_id: str) -> str:
    """1234567890123 -> 1-2345-67890-12-3, as printed on the card."""
    if len(national_id or "") != 13:
        return national_id or ""
    n = national_id
    return f"{n[0]}-{n[1:5]}-{n[5:10]}-{n[10:12]}-{n[12]}"


def mark_visible(user: Viewer, organizations: Iterable[Organization]) -> None:
    """Set `.visible` on each organization, so templates link only what the user may open
    (templates/includes/organization_link.html)."""
    for organization in organizations:
        organization.visible = may_view_organization(user, organization)  # type: ignore[attr-defined]
