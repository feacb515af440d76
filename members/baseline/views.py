"""Baseline profile pages (ระยะที่ 1): editing an organization's profile (figures,
product interests, links), and the profile's part of the organization page. The policy
is policy.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.urls import reverse

from centers.personal_data import mark_visible
from centers.policy import organization_decision
from centers.scope import obtain
from members.models import Organization

from . import policy, selectors, services
from .forms import InterestFormSet, LinkFormSet, ProfileForm, partner_choices
from .models import BaselineProfile


def organization_profile(request, public_id):
    """Edit an organization's baseline profile: figures, product interests and links,
    all saved together or not at all."""
    organization = obtain(
        Organization.objects.select_related("district"),
        organization_decision,
        request.user,
        public_id=public_id,
    )
    if not policy.may_edit_profile(request.user, organization):
        raise PermissionDenied(
            "บัญชีของคุณไม่มีสิทธิ์แก้ไขข้อมูลพื้นฐานขององค์กรนี้ "
            "เฉพาะผู้ประสานงานศูนย์อำเภอของอำเภอนี้ ผู้แทนขององค์กร "
            "และเจ้าหน้าที่ศูนย์ระดับจังหวัด"
        )
    profile = selectors.profile_of(organization)
    if profile is None:
        profile = BaselineProfile(organization=organization)
    data = request.POST if request.method == "POST" else None
    products = selectors.profile_products(organization)
    partners, partner_groups = partner_choices(request.user, organization)
    form = ProfileForm(data, instance=profile, organization=organization, prefix="profile")
    interests = InterestFormSet(
        data,
        instance=organization,
        prefix="interests",
        products=products,
        queryset=selectors.interest_rows(organization),
    )
    links = LinkFormSet(
        data,
        instance=organization,
        prefix="links",
        partners=partners,
        partner_groups=partner_groups,
        queryset=selectors.link_rows(organization),
    )
    for row in links.forms:
        # A partner recorded earlier that the user may not see named stays unnamed.
        link = row.instance
        row.partner_hidden = bool(link.partner_organization_id) and not policy.may_see_partner(
            request.user, link.partner_organization, anchor=link.partner_anchor
        )
    # Every part is checked, so every error shows at once.
    if request.method == "POST" and all([form.is_valid(), interests.is_valid(), links.is_valid()]):
        try:
            services.profile_save(
                organization=organization, form=form, interests=interests, links=links
            )
        except IntegrityError:
            # Two saved rows swapping their products meet the one-row-per-product rule
            # half way; nothing was saved.
            messages.error(
                request,
                "ยังไม่ได้บันทึก เพราะสินค้าซ้ำกับรายการที่บันทึกไว้แล้ว กรุณาลบรายการเดิมแล้วเพิ่มใหม่ทีละรายการ",
            )
        else:
            messages.success(request, "บันทึกข้อมูลพื้นฐานแล้ว")
            return redirect(organization.get_absolute_url() + "#baseline")
    return render(
        request,
        "members/profile_edit.html",
        {
            "organization": organization,
            "form": form,
            "interests": interests,
            "links": links,
            "has_errors": request.method == "POST",
        },
    )


# The organization page ----------------------------------------------------------------


def organization_baseline_context(request, organization) -> dict:
    """The "ข้อมูลพื้นฐาน" part of the organization page (four queries, whatever the
    number of interests and links). A linked organization the viewer may not see named
    (policy.may_see_partner) is left out and counted."""
    user = request.user
    profile = selectors.profile_of(organization)
    interests = selectors.interests_of(organization)
    links = selectors.links_of(organization)
    linked_from = selectors.links_to(organization)
    shown_links = [
        link
        for link in links
        if not link.partner_organization_id
        or policy.may_see_partner(user, link.partner_organization, anchor=link.partner_anchor)
    ]
    shown_from = [
        link
        for link in linked_from
        if policy.may_see_partner(user, link.organization, anchor=link.organization_anchor)
    ]
    # Counted as organizations (one may be linked in two ways), never named.
    hidden_partners = {link.partner_organization_id for link in links} - {
        link.partner_organization_id for link in shown_links
    }
    hidden_from = {link.organization_id for link in linked_from} - {
        link.organization_id for link in shown_from
    }
    mark_visible(
        user,
        [link.partner_organization for link in shown_links if link.partner_organization_id]
        + [link.organization for link in shown_from],
    )
    may_edit = policy.may_edit_profile(user, organization)
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
