from django.apps import AppConfig


class OverviewConfig(AppConfig):
    """The network page and the district center pages: no models of its own. An app of
    its own, not a part of centers, because it shows what the businesses above centers
    hold (meetings' overdue action items, the catalogue's supporters): so the centers app
    imports no business, and no two apps import each other."""

    name = "centers.overview"
    label = "overview"
    verbose_name = "ภาพรวมเครือข่าย"
