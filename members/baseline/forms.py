"""Forms of the baseline profile (ระยะที่ 1): the survey's figures, product interests and
links to other organizations."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q

from members.models import MEMBER_COUNT_MAXIMUM, Organization
from songkhla_network import access, thai
from songkhla_network.numbers import ThaiDecimalField, ThaiIntegerField
from transactions.catalogue.models import TOTAL_CEILING, Product, ProductInterest

from .models import CAPITAL_MAXIMUM, BaselineProfile, OrganizationLink


class ProfileForm(forms.ModelForm):
    member_count = ThaiIntegerField(
        label="จำนวนสมาชิก (คน)", unit="คน", max_value=MEMBER_COUNT_MAXIMUM
    )
    capital = ThaiDecimalField(
        label="ทุนดำเนินงาน (บาท)",
        places=2,
        max_value=CAPITAL_MAXIMUM,
        help_text="ใส่จุลภาคหรือเลขไทยได้ เช่น 1,250,000",
    )

    class Meta:
        model = BaselineProfile
        fields = ["surveyed_on", "capital", "main_products", "note"]
        widgets = {
            "main_products": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "main_products": "เช่น ยางแผ่นรมควัน น้ำยางสด ข้าวสาร",
            "surveyed_on": "วัน/เดือน/ปี พ.ศ. เช่น 15/3/2569",
        }

    field_order = ["surveyed_on", "member_count", "capital", "main_products", "note"]

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        self.fields["member_count"].initial = organization.member_count
        # Compared with the saved date, not a hidden copy of "today" (a callable default).
        self.fields["surveyed_on"].show_hidden_initial = False


def product_label(product: Product) -> str:
    return f"{product.name} ({product.get_unit_display()})"


class InterestForm(forms.ModelForm):
    product = forms.TypedChoiceField(label="สินค้า", coerce=int, empty_value=None)
    quantity_per_year = ThaiDecimalField(
        label="ปริมาณต่อปีโดยประมาณ (ตามหน่วยของสินค้า)", places=3, max_value=TOTAL_CEILING
    )

    class Meta:
        model = ProductInterest
        fields = ["product", "joint_purchase", "joint_sale", "quantity_per_year"]

    def __init__(self, *args, products, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices come from the list the view loaded once, not a query per row.
        self.products = {product.pk: product for product in products}
        self.fields["product"].choices = [("", "— เลือกสินค้า —")] + [
            (product.pk, product_label(product)) for product in products
        ]
        chosen = self.products.get(self.instance.product_id)
        if chosen is not None and self.instance.quantity_per_year is not None:
            # 6000 ลิตร, not 6000.000: the product's own decimal places.
            shown = thai.number(self.instance.quantity_per_year, chosen.decimal_places)
            self.initial["quantity_per_year"] = shown.replace(",", "")

    def clean_product(self):
        product = self.products.get(self.cleaned_data.get("product"))
        if product is None:
            raise ValidationError("กรุณาเลือกสินค้าจากรายการ")
        return product

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        product = data.get("product")
        if product is not None and not (data.get("joint_purchase") or data.get("joint_sale")):
            self.add_error("joint_purchase", "กรุณาเลือกอย่างน้อยหนึ่งอย่าง: สนใจซื้อร่วมหรือขายร่วม")
        # The product's decimal places and its unit's maximum: ProductInterest.clean.
        return data


class LoadedRowsFormSet(forms.BaseInlineFormSet):
    """Existing rows are found among the rows the formset loaded once, not by one query per
    row (Django's hidden id field would query each)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "ลบรายการนี้"
        field = form.fields.get(self._pk_field.name)
        if field is None:
            return

        def existing(value):
            if value in field.empty_values:
                return None
            try:
                row = self._existing_object(int(value))
            except (TypeError, ValueError):
                row = None
            if row is None:
                raise ValidationError("รายการนี้ถูกลบหรือเปลี่ยนไปแล้ว กรุณาเปิดหน้านี้ใหม่")
            return row

        field.to_python = existing


class BaseInterestFormSet(LoadedRowsFormSet):
    def __init__(self, *args, products, **kwargs):
        self.products = products
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "products": self.products}

    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            product = form.cleaned_data.get("product")
            if product is None:
                continue
            if product.pk in seen:
                form.add_error("product", f"{product.name} อยู่ในรายการแล้ว ใส่ได้ครั้งเดียว")
            seen[product.pk] = form

    def validate_unique(self):
        pass  # checked in clean() above, without a query per row


InterestFormSet = forms.inlineformset_factory(
    Organization,
    ProductInterest,
    form=InterestForm,
    formset=BaseInterestFormSet,
    extra=2,
    can_delete=True,
)


HIDDEN_PARTNER = "องค์กรนอกขอบเขตของคุณ"


def partner_choices(user, organization: Organization):
    """Organizations a link may point at, kept short and within what the user may see
    (access.partner_candidates): those they may open in the same district, the centers'
    hosts and the provincial members; and partners already chosen, unnamed when the user
    may not see them named (access.visible_partner)."""
    candidates = access.partner_candidates(user, organization)
    chosen = (
        organization.links.filter(partner_organization__isnull=False).values(
            "partner_organization_id"
        )
        if organization.pk
        else Organization.objects.none().values("pk")
    )
    partners = list(
        Organization.objects.filter(Q(pk__in=candidates.values("pk")) | Q(pk__in=chosen))
        .exclude(pk=organization.pk)
        .select_related("district")
        .annotate(
            candidate=Exists(candidates.filter(pk=OuterRef("pk"))),
            anchor=access.anchor_exists(),
        )
        .order_by("name")
    )
    local, others, earlier = [], [], []
    for partner in partners:
        label = f"{partner.name} (อำเภอ{partner.district.name})"
        if not partner.candidate:
            if not access.visible_partner(user, partner, anchor=partner.anchor):
                label = HIDDEN_PARTNER
            earlier.append((partner.pk, label))
        elif partner.district_id == organization.district_id:
            local.append((partner.pk, partner.name))
        else:
            others.append((partner.pk, label))
    groups = []
    if local:
        groups.append((f"ในอำเภอ{organization.district.name}", local))
    if others:
        groups.append(("ศูนย์ประสานงานและสมาชิกระดับจังหวัด", others))
    if earlier:
        groups.append(("ที่บันทึกไว้เดิม", earlier))
    return partners, [("", "— ไม่มี (พิมพ์ชื่อหน่วยงานภายนอก) —"), *groups]


class LinkForm(forms.ModelForm):
    partner_organization = forms.TypedChoiceField(
        label="องค์กรในระบบ", coerce=int, required=False, empty_value=None
    )

    class Meta:
        model = OrganizationLink
        fields = ["kind", "partner_organization", "partner_name", "description"]
        help_texts = {
            "partner_name": "เมื่อคู่ความร่วมมือไม่มีในรายการ เช่น ธ.ก.ส. สาขารัตภูมิ หรือบริษัทเอกชน",
            "description": "เช่น น้ำยางสด ประมาณ 20 ตันต่อเดือน",
        }

    def __init__(self, *args, partners, partner_groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.partners = {partner.pk: partner for partner in partners}
        self.fields["partner_organization"].choices = partner_groups
        self.fields["kind"].choices = [("", "— เลือกลักษณะ —"), *self.fields["kind"].choices[1:]]

    def clean_partner_organization(self):
        pk = self.cleaned_data.get("partner_organization")
        if pk is None:
            return None
        partner = self.partners.get(pk)
        if partner is None:
            raise ValidationError("กรุณาเลือกองค์กรจากรายการ")
        return partner

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        partner, name = data.get("partner_organization"), (data.get("partner_name") or "").strip()
        if partner is None and not name:
            if data.get("kind") or data.get("description"):
                self.add_error("partner_name", "กรุณาเลือกองค์กรในระบบหรือพิมพ์ชื่อหน่วยงานภายนอก")
        elif partner is not None and name:
            self.add_error(
                "partner_name",
                "เลือกองค์กรในระบบแล้ว ไม่ต้องพิมพ์ชื่อหน่วยงานภายนอก (ให้เลือกอย่างใดอย่างหนึ่ง)",
            )
        return data


class BaseLinkFormSet(LoadedRowsFormSet):
    def __init__(self, *args, partners, partner_groups, **kwargs):
        self.partners, self.partner_groups = partners, partner_groups
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {
            **super().get_form_kwargs(index),
            "partners": self.partners,
            "partner_groups": self.partner_groups,
        }

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            data = form.cleaned_data
            partner = data.get("partner_organization")
            key = (
                data.get("kind"),
                partner.pk if partner else None,
                (data.get("partner_name") or "").strip(),
            )
            if key in seen and (key[1] or key[2]):
                form.add_error(None, "ความเชื่อมโยงนี้ซ้ำกับแถวก่อนหน้า")
            seen.add(key)


LinkFormSet = forms.inlineformset_factory(
    Organization,
    OrganizationLink,
    fk_name="organization",
    form=LinkForm,
    formset=BaseLinkFormSet,
    extra=2,
    can_delete=True,
)
