"""What every document the application produces shares: the Thai PDF renderer (WeasyPrint
with the shipped Sarabun font and no other file or network access), spreadsheet cells safe
from formula injection, and the download response."""

import re

from django.http import HttpResponse
from django.template.loader import render_to_string

from . import pdf_fonts

FONT_DIR = pdf_fonts.FONT_DIR
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would read as a formula gets a leading apostrophe; anything
    else (numbers, empty cells, ordinary text) is returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def font_faces() -> list[dict]:
    """The Sarabun files shipped with the app, one per weight with Thai and Latin together.

    Not the web pages' two subsets split by unicode-range: WeasyPrint 70 then embeds the
    Latin subset's glyph numbers in the Thai subset's font, and digits print as Thai marks.
    The combined files are built by `manage.py build_pdf_fonts` (pdf_fonts.py says how and
    why, SARA AM included). Templates include includes/pdf_page.css, which reads `fonts`."""
    return [
        {"url": pdf_fonts.pdf_font_path(weight).as_uri(), "weight": weight}
        for weight in pdf_fonts.WEIGHTS
    ]


def font_fetcher():
    """A URL fetcher that reads the shipped fonts and nothing else: no network, no other
    file, whatever text a document holds."""
    from weasyprint.urls import URLFetcher

    allowed = {face["url"] for face in font_faces()}

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url not in allowed:
                raise ValueError(f"เอกสารพีดีเอฟอ่านได้เฉพาะไฟล์ฟอนต์ที่ติดตั้งไว้: {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"})


def render_pdf(template_name: str, context: dict, *, places: list[str]) -> bytes:
    """An A4 Thai PDF from a template (WeasyPrint is imported on first use, not at start).
    `places`: the names of places the document may hold, each kept on one line (the
    districts, members.reference.DISTRICT_NAMES: no query)."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"fonts": font_faces(), **context})
    html = keep_names_whole(html, places=places)
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=font_fetcher())
    return document.write_pdf()


# Thai names on paper --------------------------------------------------------------------

THAI = "\u0e01-\u0e4e"  # Thai letters, vowels and marks (no digits, no spaces)
MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # what never starts a syllable
NAME_LENGTH = 20  # longer runs are not names: they may break, or a narrow cell overflows
TAG = re.compile(r"(<[^>]*>)")
UNBREAKABLE = '<span class="nowrap">{}</span>'  # includes/pdf_page.css: white-space: nowrap


def keep_names_whole(html: str, *, places) -> str:
    """The document's HTML with names kept on one line, for WeasyPrint.

    Pango breaks Thai lines where libthai's dictionary finds word boundaries, and names are
    not in the dictionary: it cut "รัตภูมิ" into "รัต / ภูมิ", "นาทวี" into "นาท / วี",
    "ชูช่วย" into "ชู / ช่วย". Kept whole, each in a `nowrap` span: the district names
    (`places`, wherever they stand, with อำเภอ/ตำบล/จังหวัด before them), a place named
    after บ้าน (a village), ตำบล, อำเภอ or จังหวัด, and a person's first name (with
    นาย/นาง/นางสาว) and surname, each a run of at most NAME_LENGTH Thai characters;
    lines still break between the words around them and at spaces. Applies to text only,
    never inside a tag or the style sheet. NIKHAHIT + SARA AA typed in place of SARA AM
    (they print the same) become SARA AM, so that text, too, copies as printed.
    """
    names = sorted({name for name in places if name}, key=len, reverse=True)
    place = "|".join(re.escape(name) for name in names) or "(?!)"
    end = f"(?![{THAI}])"
    run = f"[{THAI}]{{1,{NAME_LENGTH}}}{end}"
    pattern = re.compile(
        f"(?:อำเภอ|ตำบล|จังหวัด)?(?:{place})(?![{MARKS}])"
        f"|(?:(?<!แม่)(?<!หมู่)บ้าน|ตำบล|อำเภอ|จังหวัด){run}"
        f"|(?P<first>(?:นางสาว|นาย|นาง){run})(?: (?P<last>{run}))?"
    )

    def whole(match):
        if match["first"] is None:
            return UNBREAKABLE.format(match[0])
        first = UNBREAKABLE.format(match["first"])
        return first if match["last"] is None else f"{first} {UNBREAKABLE.format(match['last'])}"

    parts, skip = [], False
    for part in TAG.split(html.replace("\u0e4d\u0e32", "\u0e33")):
        if part.startswith("<"):
            if re.match(r"</?(style|title)\b", part, re.IGNORECASE):
                skip = not part.startswith("</")
        elif not skip:
            part = pattern.sub(whole, part)
        parts.append(part)
    return "".join(parts)


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
