from django import forms

from centers.models import MembershipStatus
from members.models import District, OrganizationKind

from .policy import visible_districts

NO_MEMBERSHIP = "none"


class OrganizationFilterForm(forms.Form):
    """The organization list's filters; all optional, all carried in the URL."""

    q = forms.CharField(
        label="ค้นหา",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "ชื่อองค์กรหรือเลขทะเบียน"}),
    )
    district = forms.ModelChoiceField(
        label="อำเภอ",
        queryset=District.objects.all(),
        required=False,
        empty_label="ทุกอำเภอ",
        to_field_name="code",
    )
    kind = forms.ChoiceField(
        label="ประเภท",
        choices=[("", "ทุกประเภท"), *OrganizationKind.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label="สถานะสมาชิก",
        choices=[("", "ทุกสถานะ"), *MembershipStatus.choices, (NO_MEMBERSHIP, "ไม่มีสมาชิกภาพ")],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        districts = visible_districts(user)
        if districts is not None:
            # Offer only the districts whose organizations the user may see.
            self.fields["district"].queryset = districts
