"""The Sarabun files the PDFs embed, built from the web pages' subsets (static/vendor/sarabun).

Two changes to the upstream font, both for WeasyPrint:

1. Thai and Latin in one file per weight. Two subsets of one family split by
   unicode-range made WeasyPrint 70 print digits with the Thai subset's glyph numbers.

2. SARA AM (ำ) copies as ำ. HarfBuzz's Thai shaper always decomposes ำ into NIKHAHIT +
   SARA AA before the font's own substitutions run, and moves the NIKHAHIT in front of a
   tone mark (น้ำ becomes น ํ ้ า, the NIKHAHIT and the tone then ligate). WeasyPrint
   writes one ToUnicode entry per glyph, taken from the first text it drew that glyph
   for: the SARA AA glyph of ำ is the glyph of า, so whichever came first wins, and
   "จำกัด" copied out of a PDF read "จากัด" (or "า" read "ำ", or a tone appeared twice).
   The fix gives every glyph one meaning: an added lookup at the end of the Thai 'ccmp'
   feature replaces a NIKHAHIT (or NIKHAHIT + tone ligature) that stands before SARA AA
   by an identical copy (".am"), and the SARA AA after it by one copy per tone mark
   (".am", ".am0E48" ... ".am0E4B"). The copies draw and position exactly as the glyphs
   they copy (same outlines, advances, mark classes and anchors); only their numbers
   differ, so each maps to one text: the NIKHAHIT copies to nothing, the SARA AA copies
   to ำ with its tone ("้ำ").

`manage.py build_pdf_fonts` writes the files; `--check` says whether the shipped files
are what this module builds (tests run it).
"""

import copy
import io
from pathlib import Path

from django.conf import settings

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "sarabun"
WEIGHTS = (400, 700)
SOURCES = ("latin", "thai")  # the web subsets; Latin first, as the Merger keeps its metrics
SARA_AA = "uni0E32"
NIKHAHIT = "uni0E4D"
TONES = ("", "0E48", "0E49", "0E4A", "0E4B")  # none, MAI EK, MAI THO, MAI TRI, MAI CHATTAWA
COPY = ".am"


def pdf_font_path(weight: int) -> Path:
    return FONT_DIR / f"sarabun-thai-latin-{weight}-normal.woff2"


def _nikhahits(tone: str) -> list[str]:
    """The NIKHAHIT glyphs Sarabun uses with a tone mark (ligatures) or none, and their
    narrow forms (after ป ฝ ฟ)."""
    name = f"{NIKHAHIT}{tone}"
    return [name, f"{name}.narrow"]


def _sara_aa_copy(tone: str) -> str:
    return f"{SARA_AA}{COPY}{tone}"


def build(weight: int) -> bytes:
    """The PDF font of one weight (WOFF2), reproducible byte for byte from the subsets."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    sources, stamps = [], []
    for subset in SOURCES:
        font = TTFont(FONT_DIR / f"sarabun-{subset}-{weight}-normal.woff2", recalcTimestamp=False)
        stamps.append((font["head"].created, font["head"].modified))
        font.flavor = None
        data = io.BytesIO()
        font.save(data)
        data.seek(0)
        sources.append(data)
    font = Merger().merge(sources)
    # The subsets' dates, not the build's: the same sources build the same bytes.
    font["head"].created = min(created for created, _ in stamps)
    font["head"].modified = max(modified for _, modified in stamps)
    _sara_am_copies(font)
    font.flavor = "woff2"
    output = io.BytesIO()
    font.recalcTimestamp = False
    font.save(output)
    return output.getvalue()


def _sara_am_copies(font) -> None:
    from fontTools.ttLib.tables import otTables

    order = list(font.getGlyphOrder())
    added = []
    for tone in TONES:
        for name in _nikhahits(tone):
            added.append(_copy_glyph(font, name, name + COPY))
        added.append(_copy_glyph(font, SARA_AA, _sara_aa_copy(tone)))
    font.setGlyphOrder(order + added)

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup

    def add_lookup(kind: int, subtables: list) -> int:
        lookup = otTables.Lookup()
        lookup.LookupType, lookup.LookupFlag = kind, 0
        lookup.SubTable, lookup.SubTableCount = subtables, len(subtables)
        lookups.append(lookup)
        gsub.LookupList.LookupCount = len(lookups)
        return len(lookups) - 1

    def single(mapping: dict) -> int:
        subtable = otTables.SingleSubst()
        subtable.mapping = mapping
        return add_lookup(1, [subtable])

    def coverage(glyphs: list[str]):
        table = otTables.Coverage()
        table.glyphs = sorted(glyphs, key=font.getGlyphID)
        return table

    def chained(backtrack: list, input_: list, lookahead: list, lookup_index: int):
        subtable = otTables.ChainContextSubst()
        subtable.Format = 3
        subtable.BacktrackCoverage = [coverage(glyphs) for glyphs in backtrack]
        subtable.InputCoverage = [coverage(glyphs) for glyphs in input_]
        subtable.LookAheadCoverage = [coverage(glyphs) for glyphs in lookahead]
        subtable.BacktrackGlyphCount = len(backtrack)
        subtable.InputGlyphCount = len(input_)
        subtable.LookAheadGlyphCount = len(lookahead)
        record = otTables.SubstLookupRecord()
        record.SequenceIndex, record.LookupListIndex = 0, lookup_index
        subtable.SubstLookupRecord, subtable.SubstCount = [record], 1
        return subtable

    nikhahits = [name for tone in TONES for name in _nikhahits(tone)]
    to_copies = single({name: name + COPY for name in nikhahits})
    # A NIKHAHIT right before SARA AA is the first half of a decomposed SARA AM ...
    first = add_lookup(6, [chained([], [nikhahits], [[SARA_AA]], to_copies)])
    # ... and the SARA AA after that NIKHAHIT copy the second, one copy per tone mark.
    second = add_lookup(
        6,
        [
            chained(
                [[name + COPY for name in _nikhahits(tone)]],
                [[SARA_AA]],
                [],
                single({SARA_AA: _sara_aa_copy(tone)}),
            )
            for tone in TONES
        ],
    )
    thai = next(record for record in gsub.ScriptList.ScriptRecord if record.ScriptTag == "thai")
    ccmp = [
        gsub.FeatureList.FeatureRecord[index].Feature
        for index in thai.Script.DefaultLangSys.FeatureIndex
        if gsub.FeatureList.FeatureRecord[index].FeatureTag == "ccmp"
    ]
    if len(ccmp) != 1:
        raise ValueError("Sarabun's Thai script should have one 'ccmp' feature")
    ccmp[0].LookupListIndex += [first, second]  # after the font's own ligatures
    ccmp[0].LookupCount = len(ccmp[0].LookupListIndex)


def _copy_glyph(font, source: str, name: str) -> str:
    """`name` draws and is positioned exactly as `source`: outline, advance, GDEF classes
    and every mark attachment. Anything else positioning `source` is refused, so a newer
    Sarabun that kerns these glyphs fails the build instead of printing them apart."""
    font["glyf"].glyphs[name] = copy.deepcopy(font["glyf"][source])
    font["hmtx"].metrics[name] = font["hmtx"].metrics[source]
    gdef = font["GDEF"].table
    for class_def in (gdef.GlyphClassDef, gdef.MarkAttachClassDef):
        if class_def is not None and source in class_def.classDefs:
            class_def.classDefs[name] = class_def.classDefs[source]
    if getattr(gdef, "MarkGlyphSetsDef", None):
        raise ValueError("mark glyph sets are not copied")
    for lookup in font["GPOS"].table.LookupList.Lookup:
        for subtable in lookup.SubTable:
            _copy_position(subtable, source, name)
    return name


def _copy_position(subtable, source: str, name: str) -> None:
    kind = type(subtable).__name__
    pairs = {
        "MarkBasePos": [
            ("MarkCoverage", "MarkArray", "MarkRecord"),
            ("BaseCoverage", "BaseArray", "BaseRecord"),
        ],
        "MarkMarkPos": [
            ("Mark1Coverage", "Mark1Array", "MarkRecord"),
            ("Mark2Coverage", "Mark2Array", "Mark2Record"),
        ],
    }
    if kind in pairs:
        for coverage_name, array_name, records_name in pairs[kind]:
            coverage = getattr(subtable, coverage_name)
            if source in coverage.glyphs:
                array = getattr(subtable, array_name)
                records = getattr(array, records_name)
                records.append(copy.deepcopy(records[coverage.glyphs.index(source)]))
                coverage.glyphs.append(name)  # the copies come last in the glyph order
        return
    if source in _glyphs_named(subtable):
        raise ValueError(f"{source} is positioned by a {kind} lookup, which is not copied")


def _glyphs_named(table, depth: int = 0) -> set[str]:
    """Every glyph name a layout subtable mentions (coverage, class definitions, pairs)."""
    if isinstance(table, str):
        return {table}
    if depth > 8 or table is None or isinstance(table, int | float):
        return set()
    if isinstance(table, dict):
        items = [*table.keys(), *table.values()]
    elif isinstance(table, list | tuple):
        items = table
    elif hasattr(table, "__dict__"):
        items = list(vars(table).values())
    else:
        return set()
    names = set()
    for item in items:
        names |= _glyphs_named(item, depth + 1)
    return names


def stale() -> list[Path]:
    """The shipped PDF fonts that differ from what `build` makes now."""
    return [
        pdf_font_path(weight)
        for weight in WEIGHTS
        if pdf_font_path(weight).read_bytes() != build(weight)
    ]
