"""Reading back the PDFs we make (pypdf), for tests that check their text and fonts."""

import io
import re

from pypdf import PdfReader


def flat(text: str) -> str:
    """PDF text as pypdf reads it back, comparable with what we wrote.

    pypdf returns the lines the layout broke (also inside a word), so whitespace goes.
    WeasyPrint's text layer loses SARA AM: Sarabun draws ำ as NIKHAHIT + SARA AA and
    only SARA AA has a ToUnicode entry, so "จำกัด" reads back as "จากัด". Both sides
    get the same treatment; every other character must match exactly.
    """
    return re.sub(r"\s+", "", text).replace("\u0e33", "\u0e32").replace("\u0e4d", "")


def pdf_text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names
