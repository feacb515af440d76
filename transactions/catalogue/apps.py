from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    """The catalogue the network's businesses share: products and their reference prices,
    partners (suppliers, buyers, supporters) and what they support, and the organizations'
    interest in buying or selling a product together.

    Its models were purchasing's until issue 15 and keep their tables (transactions_...)."""

    name = "transactions.catalogue"
    label = "catalogue"
    verbose_name = "สินค้าและคู่ค้า"
