"""The purchase rounds' timer as a periodic job (songkhla_network.periodic)."""

import datetime

from songkhla_network.periodic import periodic_job

from . import services


@periodic_job("purchase_rounds", every=datetime.timedelta(minutes=1))
def purchase_rounds() -> str:
    """Open drafts whose time has come, close rounds whose time has passed, remind the
    districts that have not submitted a day before closing."""
    done = services.run_schedule()
    counts = [
        f"{label} {len(done[key])} รอบ"
        for label, key in (("เปิด", "opened"), ("ปิด", "closed"), ("เตือน", "reminded"))
        if done[key]
    ]
    return " ".join(counts) or "ไม่มีรอบที่ต้องเปิด ปิด หรือเตือน"
