"""Reading back the PDFs we make (pypdf), for tests that check their text and fonts."""

import io
import re

from pypdf import PdfReader


def flat(text: str) -> str:
    """PDF text as pypdf reads it back, comparable with what we wrote: pypdf returns the
    lines the layout broke, so whitespace goes; every character must match exactly
    (SARA AM included: songkhla_network/pdf_fonts.py)."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


FOOTER = re.compile(r"หน้า \d+ จาก \d+")
LIST_MARKER = re.compile(r"\d+\.")


def page_lines(reader: PdfReader) -> list[list[str]]:
    """Each page's printed lines in reading order, without the page footer and without
    the bare numbers of ordered lists (pypdf reads those after the page's text)."""
    pages = []
    for page in reader.pages:
        lines = [" ".join(line.split()) for line in page.extract_text().splitlines()]
        pages.append(
            [
                line
                for line in lines
                if line and not FOOTER.fullmatch(line) and not LIST_MARKER.fullmatch(line)
            ]
        )
    return pages


def page_of(pages: list[list[str]], text: str) -> int:
    """The number (from 1) of the first page with a line containing `text`."""
    for number, lines in enumerate(pages, start=1):
        if any(text in line for line in lines):
            return number
    raise AssertionError(f"not printed on one line anywhere: {text}")
