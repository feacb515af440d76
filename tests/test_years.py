"""A Buddhist-Era year is text, never a number: "2569", not "2,569" (Django groups every
int a template prints, USE_THOUSAND_SEPARATOR). A crawl of the demo as every role, admin
pages and documents included, finds no grouped year (and no number glued to "แล้ว"); the
dashboard's year switch works with and without htmx, also when it is sent a year printed
as a number ("2,548")."""

import collections
import io
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from openpyxl import load_workbook

from songkhla_network import fields, thai
from tests.pdf_helpers import pdf_text

ROLES = [
    "admin",
    "prov_marketing",
    "prov_coord",
    "rattaphum_coord",
    "rattaphum_chair",
    "hatyai_coord",
    "group_rep",
    "observer",
]
START = [
    "/",
    "/network/",
    "/network/organizations/",
    "/purchases/",
    "/meetings/",
    "/reports/",
    "/reports/dashboard/",
    "/reports/dashboard/?year=2548",
    "/reports/map/",
    "/reports/map/?year=2548",
    "/admin/",
]
# A BE year (2400-2699) printed as a grouped number, in text, in an attribute or in a URL;
# not money or a quantity with decimals (2,548.00), not a longer number (12,548 or 2,548,000),
# not a figure with its unit (2,500 กก.).
GROUPED_YEAR = re.compile(
    r"(?<![\d.,])2(?:,|%2C)[4-6]\d\d(?![\d.,])(?!\s*(?:บาท|ตัน|กก|กิโลกรัม|กระสอบ|ลิตร|ราย|คน|%))"
)
# A date or a number glued to "แล้ว" ("2569แล้ว"): Thai puts a space after a number.
GLUED_LAEO = re.compile(r"\dแล้ว")
HREF = re.compile(r'(?:href|action|hx-get)="([^"#]*)"')
PAGES_PER_VIEW = 3  # enough to meet each template with data; the demo has hundreds of ids
DOCUMENTS = {
    "application/pdf",
    "text/csv",
    "text/calendar",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _text_of(response) -> str:
    kind = response.get("Content-Type", "").split(";")[0]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if kind == "application/pdf":
        return pdf_text(body)[1]
    if kind.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(body))
        return "\n".join(
            str(cell.value)
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        )
    return body.decode()


def _links(html: str):
    for href in HREF.findall(html):
        href = href.replace("&amp;", "&")
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(("/static/", "/media/")) or "logout" in parts.path:
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        yield href, (match.view_name, tuple(sorted(k for k, _ in parse_qsl(parts.query))))


def crawl(role: str, read_documents: set) -> dict[str, list[str]]:
    """Every view the role reaches from the menus (a few pages of each), and what each
    shows that looks like a grouped year or a number glued to "แล้ว": {url: [the text
    around it]}."""
    client = Client()
    client.force_login(User.objects.get(username=role))
    queue = collections.deque(START)
    seen, per_view, found = set(START), collections.Counter(), {}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200:
            continue
        kind = response.get("Content-Type", "").split(";")[0]
        if kind in DOCUMENTS:
            view = resolve(urlsplit(url).path).view_name
            if view in read_documents:
                continue  # a document's years do not depend on who reads it
            read_documents.add(view)
        elif kind != "text/html":
            continue
        text = _text_of(response)
        hits = [
            text[max(0, m.start() - 40) : m.end() + 20]
            for pattern in (GROUPED_YEAR, GLUED_LAEO)
            for m in pattern.finditer(text)
        ]
        if hits:
            found[url] = hits
        if kind != "text/html":
            continue
        for href, view in _links(text):
            if href in seen or per_view[view] >= PAGES_PER_VIEW:
                continue
            per_view[view] += 1
            seen.add(href)
            queue.append(href)
    return found


def test_no_page_document_or_admin_list_groups_a_year_or_glues_laeo_to_a_number(demo, settings):
    # The query counts of pages are other tests' business (some admin change pages load
    # related rows one at a time, which the test settings' N+1 detector turns into a 500).
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.startswith("zeal")]
    read_documents: set[str] = set()
    found = {role: crawl(role, read_documents) for role in ROLES}
    assert {role: hits for role, hits in found.items() if hits} == {}
    # The crawl did reach the documents (purchase order, minutes, reports, exports).
    assert {
        "purchase_order_pdf",
        "purchase_orders_xlsx",
        "purchase_orders_csv",
        "meeting_minutes_pdf",
        "report_pdf",
        "report_xlsx",
    } <= read_documents


def test_the_year_text_never_groups():
    assert thai.year_text(2569) == "2569"
    assert thai.year_text(2005) == "2548"  # a CE year as stored by a model
    assert thai.year_text("2548") == "2548"
    assert thai.year_text(thai.parse_be_date("27/02/2548")) == "2548"


@pytest.mark.parametrize("typed", ["2548", "2,548", "๒๕๔๘", " พ.ศ. 2548 ", "2 548"])
def test_a_typed_or_sent_year_is_read_as_be(typed):
    assert thai.parse_be_year(typed) == 2548
    assert fields.BEYearFormField().clean(typed) == 2548
    assert fields.BEYearFormField(ce=True).clean(typed) == 2005


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2005", "ปี 2005 เป็นปี ค.ศ."),
        ("48", "อยู่นอกช่วง"),
        ("ปีนี้", "กรุณากรอกปีเป็นตัวเลข"),
    ],
)
def test_a_year_that_is_not_be_gets_a_thai_message(typed, message):
    with pytest.raises(thai.BEDateError) as error:
        thai.parse_be_year(typed)
    assert message in str(error.value)


def _dashboard_heading(html: str) -> str:
    return re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)


def test_the_dashboards_year_choices_are_plain_years(login):
    html = login("prov_coord").get("/reports/dashboard/").content.decode()
    assert '<option value="2548">2548</option>' in html
    assert "ปี 2569</h1>" in html or re.search(r"ปี 25\d\d</h1>", html)


@pytest.mark.parametrize("sent", ["2548", "2,548", "๒๕๔๘"])
def test_choosing_another_year_shows_that_year_without_javascript(login, sent):
    response = login("prov_coord").get("/reports/dashboard/", {"year": sent})
    html = response.content.decode()
    assert response.status_code == 200
    assert _dashboard_heading(html) == "แดชบอร์ดเครือข่ายจังหวัดสงขลา ปี 2548"
    assert '<option value="2548" selected>2548</option>' in html
    # The report's 2548 target against what was bought that year, with its unit.
    assert "ซื้อแล้ว 1,000.00 / 5,000.00 ตัน (20%)" in " ".join(html.split())


def test_choosing_another_year_with_htmx_swaps_only_the_dashboard(login):
    response = login("prov_coord").get(
        "/reports/dashboard/", {"year": "2,548"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="dashboard-body">')
    assert "<html" not in html and 'name="year"' not in html  # the form stays as it is
    assert _dashboard_heading(html) == "แดชบอร์ดเครือข่ายจังหวัดสงขลา ปี 2548"
    assert response["Vary"] and "HX-Request" in response["Vary"]


def test_the_year_form_on_the_page_targets_the_swapped_part(login):
    html = login("prov_coord").get("/reports/dashboard/").content.decode()
    form = re.search(r"<form method=\"get\"[^>]*>", html, re.S).group(0)
    assert 'hx-get="/reports/dashboard/"' in form and 'hx-target="#dashboard-body"' in form
    assert 'action="/reports/dashboard/"' in form  # and works without JavaScript


@pytest.mark.parametrize("sent", ["2005", "ปีนี้", "2400"])
def test_a_year_the_dashboard_cannot_show_says_so_and_shows_this_year(login, sent):
    response = login("prov_coord").get("/reports/dashboard/", {"year": sent}, follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    this_year = thai.year_text(timezone.localdate())
    assert _dashboard_heading(html).endswith(f"ปี {this_year}")
    assert f"จึงแสดงปี {this_year}" in html


def test_a_target_typed_with_a_grouped_year_is_saved_for_that_year(login):
    from transactions.catalogue.models import Product
    from transactions.purchases.models import PurchaseTarget

    rice = Product.objects.get(name__startswith="ข้าวสาร")
    response = login("prov_marketing").post(
        "/reports/dashboard/?year=2570",
        {"product": rice.pk, "be_year": "2,570", "quantity": "300", "note": ""},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2570")
    assert PurchaseTarget.objects.get(product=rice, year=2027).quantity == 300


def test_the_target_admin_reads_and_shows_the_be_year(login):
    from transactions.purchases.models import PurchaseTarget

    target = PurchaseTarget.objects.get(year=2005)
    client = login("admin")
    html = client.get(f"/admin/transactions/purchasetarget/{target.pk}/change/").content.decode()
    assert 'value="2548"' in html
    assert "2,005" not in html and 'value="2005"' not in html
    response = client.post(
        f"/admin/transactions/purchasetarget/{target.pk}/change/",
        {
            "product": target.product_id,
            "year": "2549",
            "quantity": "5000",
            "note": target.note,
        },
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.year == 2006
