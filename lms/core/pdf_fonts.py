"""The Sarabun fonts the PDFs embed: the app's own files, with the Thai ones adjusted so that
text copied or extracted from a PDF keeps SARA AM (ำ).

Why the adjustment: HarfBuzz always shapes ำ (U+0E33) as NIKHAHIT + SARA AA glyphs (moving
the nikhahit in front of any tone mark, as in น้ำ), so ำ and า (U+0E32) share the SARA AA glyph.
A PDF maps each glyph to one text (ToUnicode), and WeasyPrint takes it from the first text the
glyph was drawn for: once ำ has been drawn every า extracts as ำ (สำนักงาน → สำนักงำน), and the
other way round ำ is lost. Every Thai font shaped this way does it (Sarabun and TLWG alike).

The fix gives the SARA AA of ำ glyphs of its own: copies of it that a last GSUB lookup puts
after a nikhahit (alone, or joined with a tone mark by Sarabun's own ligature). Each copy
is only ever drawn as the end of one kind of ำ cluster, so the text it maps to is always
right: "ำ" after a nikhahit, "่ำ" after nikhahit + mai ek, and so on. The nikhahit (and the
nikhahit-with-tone ligature) begins the cluster and maps to nothing. Glyph shapes, metrics and
positioning are unchanged (SARA AA has no GPOS entry in Sarabun). The derived fonts stay under
the SIL Open Font License (SARABUN-OFL.txt); they live only in memory and in the PDFs.
"""

from __future__ import annotations

import copy
import io
from functools import cache
from pathlib import Path

from fontTools.otlLib.builder import buildCoverage, buildLookup, buildSingleSubstSubtable
from fontTools.ttLib import TTFont
from fontTools.ttLib.tables import otTables as ot

FONTS_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
WEIGHTS = (400, 700)
SUBSETS = ("thai", "latin")

SARA_AA = "uni0E32"
# What precedes the SARA AA of a decomposed ำ, and the suffix of the copy drawn there: the
# nikhahit alone, or Sarabun's ligature of nikhahit + tone mark (its .narrow forms sit over
# tall consonants such as ป).
_AM_CONTEXTS = {
    "am": ("uni0E4D",),
    "am48": ("uni0E4D0E48",),  # ่ำ
    "am49": ("uni0E4D0E49",),  # ้ำ
    "am4A": ("uni0E4D0E4A",),  # ๊ำ
    "am4B": ("uni0E4D0E4B",),  # ๋ำ
}


def font_file(subset: str, weight: int) -> Path:
    return FONTS_DIR / f"sarabun-{subset}-{weight}-normal.woff2"


@cache
def pdf_font_bytes(subset: str, weight: int) -> bytes:
    """The font a PDF embeds for a Unicode subset and weight, as TrueType bytes (WeasyPrint
    reads TrueType faster than WOFF2); the Thai ones with SARA AM kept (module docstring)."""
    with TTFont(io.BytesIO(font_file(subset, weight).read_bytes())) as font:
        font.flavor = None
        if subset == "thai":
            keep_sara_am(font)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def keep_sara_am(font: TTFont) -> None:
    """Give the SARA AA of each kind of ำ cluster a glyph of its own (module docstring)."""
    order = list(font.getGlyphOrder())
    glyphs = set(order)
    contexts = {suffix: [g for base in bases for g in (base, f"{base}.narrow") if g in glyphs]
                for suffix, bases in _AM_CONTEXTS.items()}
    copies = {suffix: f"{SARA_AA}.{suffix}" for suffix, before in contexts.items() if before}
    glyf, hmtx = font["glyf"], font["hmtx"]
    for name in copies.values():
        glyf[name] = copy.deepcopy(glyf[SARA_AA])
        hmtx[name] = hmtx[SARA_AA]
        order.append(name)
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    gdef = font["GDEF"].table if "GDEF" in font else None
    if gdef is not None and gdef.GlyphClassDef is not None:
        for name in copies.values():
            if SARA_AA in gdef.GlyphClassDef.classDefs:
                gdef.GlyphClassDef.classDefs[name] = gdef.GlyphClassDef.classDefs[SARA_AA]

    glyph_ids = font.getReverseGlyphMap(rebuild=True)
    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    chain = ot.Lookup()
    chain.LookupType, chain.LookupFlag, chain.SubTable = 6, 0, []
    for suffix, name in copies.items():
        single = buildLookup([buildSingleSubstSubtable({SARA_AA: name})])
        lookups.append(single)
        chain.SubTable.append(_after(contexts[suffix], SARA_AA, len(lookups) - 1, glyph_ids))
    chain.SubTableCount = len(chain.SubTable)
    lookups.append(chain)
    gsub.LookupList.LookupCount = len(lookups)
    # Run last in ccmp, after Sarabun's nikhahit + tone ligature (lookups apply in index order).
    for record in gsub.FeatureList.FeatureRecord:
        if record.FeatureTag == "ccmp":
            record.Feature.LookupListIndex.append(len(lookups) - 1)
            record.Feature.LookupCount = len(record.Feature.LookupListIndex)


def _after(backtrack: list[str], glyph: str, lookup_index: int, glyph_ids: dict[str, int]) -> ot.ChainContextSubst:
    """A chaining-context rule (format 3): `glyph` right after one of `backtrack` goes through
    the lookup `lookup_index`."""
    rule = ot.ChainContextSubst()
    rule.Format = 3
    rule.BacktrackGlyphCount, rule.BacktrackCoverage = 1, [buildCoverage(backtrack, glyph_ids)]
    rule.InputGlyphCount, rule.InputCoverage = 1, [buildCoverage([glyph], glyph_ids)]
    rule.LookAheadGlyphCount, rule.LookAheadCoverage = 0, []
    record = ot.SubstLookupRecord()
    record.SequenceIndex, record.LookupListIndex = 0, lookup_index
    rule.SubstCount, rule.SubstLookupRecord = 1, [record]
    return rule
