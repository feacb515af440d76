import re

from django.core.exceptions import ValidationError

from songkhla_network.thai import thai_digits_to_arabic


def validate_thai_phone(value: str) -> None:
    """A Thai phone number: 9 digits (landline) or 10 (mobile), starting with 0."""
    digits = re.sub(r"[\s\-]", "", thai_digits_to_arabic(value))
    if not re.fullmatch(r"0\d{8,9}", digits):
        raise ValidationError(
            "หมายเลขโทรศัพท์ไม่ถูกต้อง กรุณากรอกตัวเลข 9–10 หลักที่ขึ้นต้นด้วย 0 เช่น 074-123456 หรือ 081-234-5678",
            code="invalid_phone",
        )
