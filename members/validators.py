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


def national_id_digits(value: str) -> str:
    """A national ID as 13 digits: Thai digits, spaces and dashes accepted on input."""
    return re.sub(r"[\s\-]", "", thai_digits_to_arabic(value or ""))


def national_id_check_digit(first_twelve: str) -> int:
    """The 13th digit of a Thai national ID: (11 - sum(digit × (13 - position)) mod 11) mod 10."""
    total = sum(int(digit) * (13 - index) for index, digit in enumerate(first_twelve))
    return (11 - total % 11) % 10


def validate_national_id(value: str) -> None:
    """A Thai national ID (เลขประจำตัวประชาชน): 13 digits, the last one a check digit."""
    digits = national_id_digits(value)
    if not re.fullmatch(r"\d{13}", digits):
        raise ValidationError(
            "เลขประจำตัวประชาชนต้องเป็นตัวเลข 13 หลัก", code="invalid_national_id_length"
        )
    if digits[0] == "0":
        raise ValidationError("เลขประจำตัวประชาชนไม่ขึ้นต้นด้วย 0", code="invalid_national_id")
    if national_id_check_digit(digits[:12]) != int(digits[12]):
        raise ValidationError(
            "เลขประจำตัวประชาชนไม่ถูกต้อง (หลักสุดท้ายไม่ตรงกับเลขตรวจสอบ) กรุณาตรวจสอบอีกครั้ง",
            code="invalid_national_id_check_digit",
        )
