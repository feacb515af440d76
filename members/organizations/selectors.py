from django.contrib.auth import get_user_model
from django.db.models import Model, OuterRef, Prefetch, QuerySet, Subquery

from centers import audit
from centers.models import Center, CommitteeMembership, Membership
from members.models import District, Organization, OrganizationQuerySet, Person

from .forms import NO_MEMBERSHIP


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
    """The `visible` organizations (centers.policy.visible_organizations) with
    `membership_status` and `membership_center` annotated, filtered."""
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


def organization_people(organization: Organization) -> list[Person]:
    """An organization's people, each with their current committee seats
    (`current_seats`). Two queries."""
    current_seats = CommitteeMembership.objects.current().select_related("committee")
    return list(
        organization.people.prefetch_related(
            Prefetch("committee_memberships", queryset=current_seats, to_attr="current_seats")
        )
    )
