"""Every main page on a 360 px phone, as each demo role: nothing scrolls sideways, tap
targets are at least 24 px, nothing shifts when the web font arrives late, the skip link
and the focus ring work from the keyboard, and the network map reads on a phone.

The pages each role opens come from the permission matrix (tests/test_permissions.py):
for each main page, the first row of the matrix that the role may open (200). One browser
(the session's), one context a role.
"""

from pathlib import Path

from django.urls import reverse
from playwright.sync_api import expect

from tests.permission_helpers import ROLES
from tests.test_permissions import MATRIX

from . import phone_checks as checks

PHONE = {"width": 360, "height": 740}
SIGNED_IN_ROLES = [role for role in ROLES if role != "anonymous"]
# The pages a user works on (URL names of the matrix), in the order of the menu.
MAIN_PAGES = [
    "network_home",
    "center_detail",
    "organization_list",
    "organization_detail",
    "organization_profile",
    "application_list",
    "application_detail",
    "roster_overview",
    "roster_detail",
    "registry_import",
    "registry_import_detail",
    "purchase_round_list",
    "purchase_round_create",
    "purchase_round_detail",
    "purchase_order_entry",
    "purchase_district_receiving",
    "purchase_deliveries",
    "purchase_catalogue",
    "meetings_home",
    "committee_meetings",
    "meeting_detail",
    "meeting_attendance",
    "report_home",
    "center_report",
    "report_dashboard",
    "network_map",
    "password_change",
]
MAX_LAYOUT_SHIFT = 0.1
# Font files are held this long after the page's HTML is in: far longer than Chromium's
# wait for an optional font (100 ms), so the page is drawn first in the fallback font.
FONT_DELAY_MS = 300
# Roles whose pages differ the most (everything; a district's; a group's; figures only).
SHIFT_ROLES = ["admin", "rattaphum_coord", "group_rep", "observer"]
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
MIN_LABEL_PX = 12
MIN_TARGET_PX = 24


def pages_for(role):
    """(URL name, path) of the main pages `role` may open, from the permission matrix."""
    pages = []
    for name in MAIN_PAGES:
        rows = [make for row_name, make, codes in MATRIX if row_name == name and codes[role] == 200]
        if rows:
            pages.append((name, rows[0]()))
    if role == "admin":
        pages.append(("admin:index", reverse("admin:index")))
    return pages


def phone_page(new_context, sign_in, role):
    context = new_context(viewport=PHONE)
    if role != "anonymous":
        sign_in(context, role)
    return context.new_page()


def with_fonts(page, path):
    """Open `path` once and wait for Sarabun, so the pages after it are drawn in it."""
    page.goto(path)
    page.evaluate("document.fonts.ready.then(() => true)")


def audit(page, name, path, problems):
    response = page.goto(path)
    assert response.status == 200, f"{name} {path}: {response.status}"
    found = page.evaluate(checks.PAGE_AUDIT)
    where = f"{name} {path}"
    if found["scrollWidth"] > PHONE["width"]:
        problems.append(f"{where}: {found['scrollWidth']} px wide: {found['overflow']}")
    elif found["overflow"]:
        problems.append(f"{where}: sticks out: {found['overflow']}")
    if found["tooSmall"]:
        problems.append(f"{where}: targets under 24 px: {found['tooSmall']}")


def test_every_main_page_fits_a_phone_for_every_role(new_context, sign_in):
    """At 360 px no page scrolls sideways, nothing sticks out of the screen outside a box
    that scrolls, and every tap target is 24 × 24 px or spaced as WCAG 2.5.8 allows."""
    problems = []
    page = phone_page(new_context, sign_in, "anonymous")
    with_fonts(page, reverse("login"))
    audit(page, "login", reverse("login"), problems)
    page.context.close()
    for role in SIGNED_IN_ROLES:
        pages = pages_for(role)
        assert len(pages) >= 8, f"{role}: {pages}"
        page = phone_page(new_context, sign_in, role)
        with_fonts(page, pages[0][1])
        for name, path in pages:
            audit(page, f"{role} {name}", path, problems)
        page.context.close()
    assert problems == [], "\n".join(problems)


class FontGate:
    """A context's route for font files: holds them while a page is being drawn, then lets
    them through, and any asked for later."""

    def __init__(self):
        self.held = []
        self.open = False

    def __call__(self, route):
        if self.open:
            route.continue_()
        else:
            self.held.append(route)

    def release(self):
        self.open = True
        while self.held:
            self.held.pop().continue_()


def layout_shift(page, path, gate):
    """The page's cumulative layout shift, its font files let through only once it is drawn."""
    gate.open = False
    page.goto(path, wait_until="domcontentloaded")
    page.wait_for_timeout(FONT_DELAY_MS)
    assert gate.held, f"{path}: no font requested"
    gate.release()
    page.wait_for_load_state("load")
    return page.evaluate(checks.READ_LAYOUT_SHIFTS)


def test_no_main_page_shifts_when_the_font_arrives_late(new_context, sign_in):
    """Sarabun held back until the page is drawn (a slow line): the layout does not move
    when it arrives (cumulative layout shift at most 0.1 on every main page, at 360 px,
    and on the order page on a 412 × 915 phone, where it moved by 27 px)."""
    cases = [(role, PHONE, pages_for(role)) for role in SHIFT_ROLES]
    order_page = [(n, p) for n, p in pages_for("rattaphum_coord") if n == "purchase_order_entry"]
    cases.append(("rattaphum_coord", {"width": 412, "height": 915}, order_page))
    shifted = []
    for role, viewport, pages in cases:
        context = sign_in(new_context(viewport=viewport), role)
        context.add_init_script(checks.LAYOUT_SHIFTS)
        gate = FontGate()
        context.route("**/*.woff2", gate)
        page = context.new_page()
        for name, path in pages:
            result = layout_shift(page, path, gate)
            if result["cls"] > MAX_LAYOUT_SHIFT:
                where = f"{role} {viewport['width']} px {name} {path}"
                shifted.append(f"{where}: {result['cls']:.3f} {result['sources']}")
        context.close()
    assert shifted == [], "\n".join(shifted)


SKIP_PAGES = [
    ("rattaphum_coord", "/network/"),
    ("group_rep", "/purchases/"),
    ("observer", "/reports/"),
]
# Pages with every kind of control: the menu on the green header, the sign-out button
# drawn as a link, buttons, fields, drop-downs, check boxes, tabs, reveal buttons.
FOCUS_PAGES = [
    ("rattaphum_coord", "purchase_order_entry"),
    ("admin", "purchase_round_detail"),
    ("rattaphum_coord", "roster_detail"),
    ("rattaphum_coord", "meeting_attendance"),
    ("prov_coord", "organization_list"),
    ("rattaphum_coord", "network_map"),
]


def test_the_keyboard_skips_to_the_content_and_shows_its_focus(new_context, sign_in):
    """The first Tab shows "ข้ามไปยังเนื้อหา" (out of sight until then); Enter moves the
    focus to <main>, and the next Tab goes on inside it. Every control, focused from the
    keyboard, has a ring at least 2 px wide with 3:1 contrast against what is around it
    (WCAG 2.4.7 and 1.4.11)."""
    for role, path in SKIP_PAGES:
        page = phone_page(new_context, sign_in, role)
        page.goto(path)
        skip = page.get_by_role("link", name="ข้ามไปยังเนื้อหา")
        expect(skip).not_to_be_in_viewport()

        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        expect(skip).to_be_in_viewport(ratio=1)

        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()
        page.keyboard.press("Tab")
        in_main = page.evaluate("document.activeElement.closest('main') !== null")
        assert in_main, (path, page.evaluate("document.activeElement.outerHTML"))
        page.context.close()

    faint = []
    for role, name in FOCUS_PAGES:
        page = phone_page(new_context, sign_in, role)
        page.goto(dict(pages_for(role))[name])
        page.keyboard.press("Tab")  # the keyboard is in use: focus() draws its ring
        rings = page.evaluate(checks.FOCUS_RINGS)
        assert len(rings) >= 5, f"{name}: {rings}"
        assert rings[0]["element"].endswith('"ข้ามไปยังเนื้อหา"'), rings[0]
        faint += [
            f"{role} {name}: {ring}" for ring in rings if ring["width"] < 2 or ring["contrast"] < 3
        ]
        page.context.close()
    assert faint == [], "\n".join(faint[:30])


def axe_violations(page, rules):
    page.evaluate(AXE.read_text())
    result = page.evaluate(
        "(rules) => axe.run(document, {runOnly: {type: 'rule', values: rules}})", rules
    )
    return [
        f"{violation['id']}: {[node['target'] for node in violation['nodes']]}"
        for violation in result["violations"]
    ]


# A district's map (links to its groups), the province's, and the province's as an observer
# sees it (figures only: no names, no links).
MAP_VIEWS = [("rattaphum_coord", "?district=9009"), ("prov_coord", ""), ("observer", "")]


def test_the_network_map_reads_on_a_phone(new_context, sign_in):
    """At 360 px the map is drawn at a size that reads (labels 12 px at least, nodes 24 px
    at least to tap), scrolls inside its own box, opens on its middle, and has no link
    inside an element whose content is presentational (axe-core: nested-interactive)."""
    for role, query in MAP_VIEWS:
        page = phone_page(new_context, sign_in, role)
        page.goto(reverse("network_map") + query)
        expect(page.locator("svg.network-map-svg")).to_be_visible()
        sizes = page.evaluate(checks.MAP_SIZES)
        assert sizes["labels"] > 10 and sizes["nodes"] > 3, (role, sizes)
        assert round(sizes["smallestLabel"], 1) >= MIN_LABEL_PX, (role, sizes)
        assert round(sizes["smallestNode"], 1) >= MIN_TARGET_PX, (role, sizes)
        assert sizes["frameScrolls"] and sizes["frameWidth"] <= PHONE["width"], (role, sizes)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        # The box opens on the center the map is about, not on its top left corner.
        assert sizes["middleShown"], (role, sizes)
        assert axe_violations(page, ["nested-interactive", "scrollable-region-focusable"]) == []
        # The table of links is one tap away.
        page.get_by_role("link", name="ดูเป็นตารางการเชื่อมโยง").click()
        expect(page.get_by_role("heading", name="การเชื่อมโยงในแผนภาพ")).to_be_in_viewport()
        page.context.close()
