"""What every factory shares: models named by app label (never imported, so the factories
keep working while modules move between packages) and the services they write through."""

import importlib
from types import ModuleType

import factory
from django.apps import apps


class Factory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True
        skip_postgeneration_save = True  # post-generation hooks save what they change


def app_module(app_label: str, module: str) -> ModuleType:
    """An app's module (services, selectors), found from its label wherever its package
    sits (`transactions` is purchasing, in transactions/ or transactions/purchases/)."""
    return importlib.import_module(f"{apps.get_app_config(app_label).name}.{module}")


def services(app_label: str) -> ModuleType:
    return app_module(app_label, "services")


def selectors(app_label: str) -> ModuleType:
    return app_module(app_label, "selectors")


def model(label: str):
    return apps.get_model(label)
