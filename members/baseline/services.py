"""Writing baseline profiles: the survey's figures, product interests and links saved
together or not at all."""

from django.db import transaction
from django.forms import BaseInlineFormSet

from members.models import Organization

from .forms import ProfileForm
from .models import BaselineProfile


def profile_save(
    *,
    organization: Organization,
    form: ProfileForm,
    interests: BaseInlineFormSet,
    links: BaseInlineFormSet,
) -> BaselineProfile:
    """Save the validated profile form and formsets together, in one transaction.
    The member count lives on the organization; a value that did not change writes nothing
    (no empty history records)."""
    with transaction.atomic():
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
