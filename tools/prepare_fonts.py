#!/usr/bin/python3
"""Prepares a CJK font for libharu 2.3.0 (docs/summary.md).

    prepare_fonts.py SOURCE[#INDEX] OUT.ttf

libharu copies a TrueType font's cmap, hmtx, loca and name tables whole and
reads only TrueType outlines, and it drops the components of composite
glyphs past index 32767.  So the font is cut to what a Chinese official
document can contain (GBK, ASCII and the document's symbols), every composite
glyph is replaced by its outline, CFF outlines (Noto CJK) are converted to
quadratic TrueType ones, and hinting, glyph names and OpenType layout go.
The output depends only on the source font and this script.
"""
import sys
import time

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

# Characters beyond GBK a summary uses: dashes, the geta mark drawn for a
# missing character, circled and parenthesised numbers, full-width forms.
EXTRA = [0x2013, 0x2014, 0x2015, 0x2026, 0x3013, 0x00B7, 0x2022, 0x00A0]
EXTRA += list(range(0x2460, 0x24A0)) + list(range(0x3000, 0x3040)) + list(range(0xFF01, 0xFF5F))
EXTRA += list(range(0x3220, 0x3244))


def gbk_characters():
    """Every character GBK encodes, plus ASCII and EXTRA."""
    chars = set(range(0x20, 0x7F)) | set(EXTRA)
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            try:
                text = bytes((lead, trail)).decode("gbk")
            except UnicodeDecodeError:
                continue
            chars.update(ord(c) for c in text)
    return chars


def to_truetype(font):
    """Replaces CFF outlines (or composites) by simple quadratic glyphs."""
    glyph_set = font.getGlyphSet()
    cff = "CFF " in font
    order = font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        # Decomposing first turns components into plain contours.
        rec = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(rec)
        pen = TTGlyphPen(None)
        # Cubic curves to quadratic ones (CFF winds the other way round).
        rec.replay(Cu2QuPen(pen, max_err=1.0, reverse_direction=True) if cff else pen)
        glyf.glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG", "fpgm", "prep", "cvt ", "gasp", "hdmx", "LTSH", "VDMX"):
        if tag in font:
            del font[tag]
    # libharu copies glyphs and tables unpadded: 4-byte glyphs keep every
    # table of the embedded font aligned (poppler rejects it otherwise).
    glyf.padding = 4
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    font["head"].glyphDataFormat = 0
    # libharu copies the sfnt version; 'OTTO' would tell viewers it is CFF.
    font.sfntVersion = "\0\1\0\0"
    font["head"].indexToLocFormat = 1
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                 "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                 "maxComponentElements", "maxComponentDepth"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    for attr in ("maxPoints", "maxContours", "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, attr, 0)
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    font.recalcBBoxes = True


def main():
    if len(sys.argv) != 3:
        sys.exit("用法：prepare_fonts.py 字体文件[#序号] 输出.ttf")
    source, out = sys.argv[1], sys.argv[2]
    index = 0
    if "#" in source:
        source, idx = source.rsplit("#", 1)
        index = int(idx)
    start = time.monotonic()
    font = TTFont(source, fontNumber=index, lazy=False)
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.glyph_names = False
    opts.notdef_outline = True
    opts.name_IDs = [0, 1, 2, 3, 4, 5, 6]
    opts.name_languages = [0x409]
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "vhea", "vmtx",
                         "VORG", "MATH", "morx", "kern"]
    opts.recalc_timestamp = False
    opts.prune_unicode_ranges = False
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=gbk_characters())
    sub.subset(font)
    to_truetype(font)
    # .notdef one em wide, so a missing character keeps the grid.
    upem = font["head"].unitsPerEm
    font["hmtx"][".notdef"] = (upem, 0)
    # Line metrics of the ideographic em box (880/-120), as Chinese type sets
    # them: viewers place text boxes by the ascent, and Noto's (1151) would
    # put the top of a line's box above the text area.
    typo = font["OS/2"]
    font["hhea"].ascent, font["hhea"].descent = typo.sTypoAscender, typo.sTypoDescender
    font["hhea"].lineGap = 0
    typo.usWinAscent, typo.usWinDescent = typo.sTypoAscender, -typo.sTypoDescender
    # Only the Unicode BMP cmap libharu reads (platform 3, encoding 1).
    cmap = font["cmap"]
    cmap.tables = [t for t in cmap.tables if (t.platformID, t.platEncID) == (3, 1) and t.format == 4]
    font.save(out)
    glyphs = len(font.getGlyphOrder())
    print("prepare_fonts: %s#%d → %s（%d 个字形，%.1f 秒）"
          % (source, index, out, glyphs, time.monotonic() - start))


if __name__ == "__main__":
    main()
