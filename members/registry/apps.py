from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Registry imports (ระยะที่ 1): a registry spreadsheet uploaded, previewed, then
    applied to the organizations all at once (or not).

    Its model was the members app's until issue 15 and keeps its table
    (members_registryimport)."""

    name = "members.registry"
    label = "registry"
    verbose_name = "การนำเข้าข้อมูลทะเบียน"
