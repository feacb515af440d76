"""Reference data: the 16 districts of Songkhla (province code 90), from DOMAIN.md, and
the registries the organizations are loaded from."""

from django.db import models

SONGKHLA_DISTRICTS = [
    ("9001", "เมืองสงขลา"),
    ("9002", "สทิงพระ"),
    ("9003", "จะนะ"),
    ("9004", "นาทวี"),
    ("9005", "เทพา"),
    ("9006", "สะบ้าย้อย"),
    ("9007", "ระโนด"),
    ("9008", "กระแสสินธุ์"),
    ("9009", "รัตภูมิ"),
    ("9010", "สะเดา"),
    ("9011", "หาดใหญ่"),
    ("9012", "นาหม่อม"),
    ("9013", "ควนเนียง"),
    ("9014", "บางกล่ำ"),
    ("9015", "สิงหนคร"),
    ("9016", "คลองหอยโข่ง"),
]
# For documents: each kept whole on a line (songkhla_network.documents.render_pdf).
DISTRICT_NAMES = [name for _, name in SONGKHLA_DISTRICTS]


def load_districts(District) -> None:
    """Create or rename the districts; takes the model so a migration can pass its own."""
    for code, name in SONGKHLA_DISTRICTS:
        District.objects.update_or_create(code=code, defaults={"name": name})


class RegistrySource(models.TextChoices):
    """The registries the baseline (ระยะที่ 1) is loaded from."""

    COOPERATIVE_OFFICE = "cooperative_office", "สำนักงานสหกรณ์จังหวัดสงขลา"
    COMMUNITY_DEVELOPMENT = "community_development", "สำนักงานพัฒนาชุมชนจังหวัดสงขลา"
    AGRICULTURE_OFFICE = "agriculture_office", "สำนักงานเกษตรจังหวัดสงขลา"
    OTHER = "other", "แหล่งอื่น"
