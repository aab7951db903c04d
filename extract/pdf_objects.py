"""A text page's objects as pdfplumber gives them, parsed once, its characters the quick way.

pdfplumber turns each pdfminer object into a dict by passing every attribute through a filter and
a recursive resolver (`Page.process_object`). On a page of text that costs as much as pdfminer's
own interpretation of the page (1.2 s of 2.8 s on a 55-page table). A character's attributes are
plain values (numbers, a font name, a colour space), so `load_objects` builds the same dict from
them directly. Every other object (rules, rectangles, curves, images) still goes through
pdfplumber's own method. The result is stored where pdfplumber keeps its parse, so `page.chars`,
`extract_words`, `find_tables` and `page.close()` work as they always do.

tests/test_pdf_objects.py checks, page by page of the PDF fixtures, that the dicts equal
pdfplumber's own. A pdfplumber that parses differently fails there, not in the plans.
"""

from __future__ import annotations

from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar, LTContainer
from pdfplumber.page import ALL_ATTRS
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode

PLAIN = (float, int, str, bool, type(None))


def load_objects(page) -> None:
    """Parse `page`'s objects into pdfplumber's own cache (once; nothing when already parsed, or
    when the PDF was opened with layout analysis, whose containers pdfplumber keeps as objects)."""
    if hasattr(page, "_objects") or page.pdf.laparams is not None:
        return
    objects: dict[str, list[dict]] = {}
    colour_spaces: dict[str, str] = {}
    mb_x0, mb_top = page.mediabox[:2]
    height = page.height
    doctop = page.initial_doctop
    number = page.page_number
    norm = page.pdf.unicode_norm
    stack = [iter(page.layout._objs)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj._objs))
        elif isinstance(obj, LTChar) and not isinstance(obj.fontname, bytes):  # (bytes: pdfplumber mends them)
            objects.setdefault("char", []).append(_char(obj, number, norm, colour_spaces, height, mb_x0, mb_top, doctop))
        else:
            found = page.process_object(obj)
            if found["object_type"] != "anno":
                objects.setdefault(found["object_type"], []).append(found)
    page._objects = objects


def _plain_tuple(value) -> bool:
    """A tuple of plain values (a character's matrix), which resolving would only copy."""
    return type(value) is tuple and all(isinstance(v, PLAIN) for v in value)


def _char(obj: LTChar, number: int, norm, colour_spaces: dict[str, str], height: float,
          mb_x0: float, mb_top: float, doctop: float) -> dict:
    """pdfplumber's dict of one character (Page.process_object's steps for an LTChar)."""
    attr = {k: (v if isinstance(v, PLAIN) or _plain_tuple(v) else resolve_all(v))
            for k, v in obj.__dict__.items() if k in ALL_ATTRS}
    attr["object_type"] = "char"
    attr["page_number"] = number
    for cs in ("ncs", "scs"):
        space = getattr(obj, cs, None)
        if space is not None:
            name = space.name
            if name not in colour_spaces:
                colour_spaces[name] = resolve_and_decode(name)
            attr[cs] = colour_spaces[name]
    text = obj.get_text()
    attr["text"] = normalize_unicode(norm, text) if norm is not None else text
    gs = obj.graphicstate
    attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
    attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
    if "y0" in attr:
        attr["top"] = (height - attr["y1"]) + mb_top
        attr["bottom"] = (height - attr["y0"]) + mb_top
        attr["doctop"] = doctop + attr["top"]
    if "x0" in attr and mb_x0 != 0:
        attr["x0"] = attr["x0"] + mb_x0
        attr["x1"] = attr["x1"] + mb_x0
    return attr
