"""Baseline profile of an organization (ระยะที่ 1): members, capital, main products, the
products it would buy or sell together with the network, and its existing links to other
organizations (which the network map draws)."""

from django.db.models import Q
from django.urls import reverse

from songkhla_network import access
from transactions.catalogue.models import Product

from .models import BaselineProfile, Organization, OrganizationLink


def organization_baseline_context(request, organization) -> dict:
    """The "ข้อมูลพื้นฐาน" part of the organization page (four queries, whatever the
    number of interests and links). A linked organization the viewer may not see named
    (access.visible_partner) is left out and counted."""
    user = request.user
    profile = BaselineProfile.objects.filter(organization=organization).first()
    interests = list(
        organization.product_interests.select_related("product").order_by("product__name")
    )
    links = list(
        organization.links.select_related("partner_organization")
        .annotate(partner_anchor=access.anchor_exists("partner_organization_id"))
        .order_by("kind", "pk")
    )
    linked_from = list(
        OrganizationLink.objects.filter(partner_organization=organization)
        .select_related("organization")
        .annotate(organization_anchor=access.anchor_exists("organization_id"))
        .order_by("organization__name", "kind", "pk")
    )
    shown_links = [
        link
        for link in links
        if not link.partner_organization_id
        or access.visible_partner(user, link.partner_organization, anchor=link.partner_anchor)
    ]
    shown_from = [
        link
        for link in linked_from
        if access.visible_partner(user, link.organization, anchor=link.organization_anchor)
    ]
    # Counted as organizations (one may be linked in two ways), never named.
    hidden_partners = {link.partner_organization_id for link in links} - {
        link.partner_organization_id for link in shown_links
    }
    hidden_from = {link.organization_id for link in linked_from} - {
        link.organization_id for link in shown_from
    }
    access.mark_visible(
        user,
        [link.partner_organization for link in shown_links if link.partner_organization_id]
        + [link.organization for link in shown_from],
    )
    may_edit = access.may_edit_profile(user, organization)
    return {
        "baseline_profile": profile,
        "baseline_interests": interests,
        "baseline_links": shown_links,
        "baseline_hidden_links": len(hidden_partners),
        "baseline_linked_from": shown_from,
        "baseline_hidden_linked_from": len(hidden_from),
        "baseline_empty": profile is None and not interests and not links,
        "may_edit_profile": may_edit,
        "profile_url": (
            reverse("organization_profile", args=[organization.public_id]) if may_edit else ""
        ),
    }


def profile_products(organization: Organization) -> list[Product]:
    """Products offered for interests: those on sale, and any the organization already
    chose (even if no longer sold)."""
    chosen = organization.product_interests.values("product_id")
    return list(
        Product.objects.filter(Q(is_active=True) | Q(pk__in=chosen)).order_by("category", "name")
    )


def save_profile(organization: Organization, form, interests, links) -> BaselineProfile:
    """Save the validated profile form and formsets together; call inside one transaction.
    The member count lives on the organization; a value that did not change writes nothing
    (no empty history records)."""
    member_count = form.cleaned_data.get("member_count")
    if member_count != organization.member_count:
        organization.member_count = member_count
        organization.save(update_fields=["member_count"])
    profile = form.instance
    if profile.pk is None or form.has_changed():
        profile = form.save(commit=False)
        profile.organization = organization
        profile.save()
    interests.save()
    links.save()
    return profile
