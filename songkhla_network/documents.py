"""What every document the application produces shares: the Thai PDF renderer (WeasyPrint
with the shipped Sarabun font and no other file or network access), spreadsheet cells safe
from formula injection, and the download response."""

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


def render_pdf(template_name: str, context: dict) -> bytes:
    """An A4 Thai PDF from a template (WeasyPrint is imported on first use, not at start)."""
    from weasyprint import HTML

    html = render_to_string(template_name, {"fonts": font_faces(), **context})
    document = HTML(string=html, base_url=FONT_DIR.as_uri() + "/", url_fetcher=font_fetcher())
    return document.write_pdf()


def download(content, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
