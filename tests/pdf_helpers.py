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
