"""A round's documents: the purchase order PDF, the orders as a spreadsheet and as CSV."""

from django.core.exceptions import PermissionDenied

from songkhla_network import access
from songkhla_network.access import RoundView
from songkhla_network.documents import download

from .. import selectors
from .shared import visible_round


def _document_round(request, pk):
    """Documents import WeasyPrint and openpyxl on first use, not at start-up."""
    purchase_round = visible_round(request, pk)
    if access.round_view(request.user, purchase_round) is not RoundView.FULL:
        raise PermissionDenied("เอกสารของรอบนี้สำหรับผู้ดูแลรอบและคณะกรรมการเท่านั้น")
    return purchase_round, selectors.round_figures(purchase_round)


def purchase_order_pdf(request, pk):
    from .. import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.purchase_order_pdf(purchase_round, figures),
        "application/pdf",
        f"purchase-order-{purchase_round.pk}.pdf",
    )


def orders_xlsx(request, pk):
    from .. import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.orders_xlsx(purchase_round, figures),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"orders-{purchase_round.pk}.xlsx",
    )


def orders_csv(request, pk):
    from .. import documents

    purchase_round, figures = _document_round(request, pk)
    return download(
        documents.orders_csv(purchase_round, figures).encode("utf-8"),
        "text/csv; charset=utf-8",
        f"orders-{purchase_round.pk}.csv",
    )
