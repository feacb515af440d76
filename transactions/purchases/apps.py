from django.apps import AppConfig


class PurchasesConfig(AppConfig):
    """Joint purchasing (ซื้อร่วมกัน). Its label stays "transactions", the app's name before
    the network's other businesses joined it: the tables, the migrations and the content
    types keep that name."""

    name = "transactions.purchases"
    label = "transactions"
    verbose_name = "ธุรกรรมเชื่อมโยง (ซื้อร่วม)"
