from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """Baseline profiles (ข้อมูลพื้นฐาน, ระยะที่ 1): an organization's survey and its
    existing links to other organizations, which the network map draws.

    Its models were the members app's until issue 15 and keep their tables and history
    tables (members_...)."""

    name = "members.baseline"
    label = "baseline"
    verbose_name = "ข้อมูลพื้นฐานองค์กร"
