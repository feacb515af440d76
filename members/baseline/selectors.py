"""Reading baseline profiles: an organization's profile and the products offered for its
interests."""

from django.db.models import Q, QuerySet

from members.models import Organization
from songkhla_network import access
from transactions.catalogue.models import Product, ProductInterest

from .models import BaselineProfile, OrganizationLink


def profile_of(organization: Organization) -> BaselineProfile | None:
    """The organization's baseline profile, if it was surveyed."""
    return BaselineProfile.objects.filter(organization=organization).first()


def profile_products(organization: Organization) -> list[Product]:
    """Products offered for interests: those on sale, and any the organization already
    chose (even if no longer sold)."""
    chosen = organization.product_interests.values("product_id")
    return list(
        Product.objects.filter(Q(is_active=True) | Q(pk__in=chosen)).order_by("category", "name")
    )


def interests_of(organization: Organization) -> list[ProductInterest]:
    """The products the organization would buy or sell together, by product name."""
    return list(organization.product_interests.select_related("product").order_by("product__name"))


def links_of(organization: Organization) -> list[OrganizationLink]:
    """The organization's links, each partner with its `partner_anchor`
    (access.anchor_exists), by kind."""
    return list(
        organization.links.select_related("partner_organization")
        .annotate(partner_anchor=access.anchor_exists("partner_organization_id"))
        .order_by("kind", "pk")
    )


def links_to(organization: Organization) -> list[OrganizationLink]:
    """Other organizations' links to this one, each with its `organization_anchor`."""
    return list(
        OrganizationLink.objects.filter(partner_organization=organization)
        .select_related("organization")
        .annotate(organization_anchor=access.anchor_exists("organization_id"))
        .order_by("organization__name", "kind", "pk")
    )


def interest_rows(organization: Organization) -> QuerySet[ProductInterest]:
    """The interests the profile form edits."""
    return organization.product_interests.select_related("product")


def link_rows(organization: Organization) -> QuerySet[OrganizationLink]:
    """The links the profile form edits, each partner with its `partner_anchor`."""
    return organization.links.select_related("partner_organization").annotate(
        partner_anchor=access.anchor_exists("partner_organization_id")
    )
