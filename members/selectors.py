from django.contrib.auth import get_user_model
from django.db.models import Model, OuterRef, QuerySet, Subquery

from centers.models import Center, Membership
from songkhla_network import audit

from .forms import NO_MEMBERSHIP
from .models import District, Organization, OrganizationQuerySet, Person


def _current_membership() -> QuerySet[Membership]:
    """An organization's current membership: the open one, else the latest ended one."""
    return Membership.objects.filter(organization=OuterRef("pk")).open_first("-applied_on", "-pk")


def organizations_for_list(
    visible: OrganizationQuerySet,
    *,
    district: District | None = None,
    kind: str = "",
    status: str = "",
    q: str = "",
) -> QuerySet[Organization]:
    """The `visible` organizations (from the access policy) with `membership_status` and
    `membership_center` annotated, filtered."""
    current = _current_membership()
    organizations = (
        visible.select_related("district")
        .annotate(
            membership_status=Subquery(current.values("status")[:1]),
            membership_center=Subquery(current.values("center__name")[:1]),
        )
        .search(q)
        .order_by("name", "pk")
    )
    if district is not None:
        organizations = organizations.in_district(district)
    if kind:
        organizations = organizations.filter(kind=kind)
    if status == NO_MEMBERSHIP:
        organizations = organizations.filter(membership_status__isnull=True)
    elif status:
        organizations = organizations.filter(membership_status=status)
    return organizations


def organization_history(
    organization: Organization, *, personal_data: bool, limit: int = 30
) -> list[audit.Entry]:
    """Changes to the organization, its memberships and its people, newest first."""
    names: dict[tuple[type[Model], int], str] = {
        (District, d.pk): d.name for d in District.objects.all()
    }
    names |= {(Center, c.pk): c.name for c in Center.objects.all()}
    names[(Organization, organization.pk)] = organization.name
    membership_records = list(
        Membership.history.filter(organization_id=organization.pk).select_related("history_user")
    )
    user_ids = {
        user_id
        for record in membership_records
        for user_id in (record.recorded_by_id, record.decided_by_id)
        if user_id
    }
    User = get_user_model()
    names |= {
        (User, user.pk): user.get_full_name() or user.get_username()
        for user in User.objects.filter(pk__in=user_ids)
    }
    found = [
        *audit.entries(
            organization.history.select_related("history_user"),
            subject=lambda record: "ข้อมูลองค์กร",
            personal_data=personal_data,
            names=names,
        ),
        *audit.entries(
            membership_records,
            subject=lambda record: f"สมาชิกภาพกับ{names.get((Center, record.center_id), 'ศูนย์')}",
            personal_data=personal_data,
            names=names,
        ),
        *audit.entries(
            Person.history.filter(organization_id=organization.pk).select_related("history_user"),
            subject=lambda record: f"ข้อมูลบุคคล {record.title}{record.first_name} {record.last_name}",
            personal_data=personal_data,
            names=names,
        ),
    ]
    found.sort(key=lambda entry: entry.when, reverse=True)
    return found[:limit]
