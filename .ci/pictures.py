"""Counts the pictures in a notebook's outputs and in an HTML page, the same way for both.

A picture is an <img> whose src is a data:image/… URI inside a text/html output (the
form kernelext sends, which untrusted notebooks keep), an inline <svg> element (the old
form, which JupyterLab strips from untrusted notebooks: counted so that a regression
shows as a picture that is not painted), or an output whose richest form is an image
(image/png, image/jpeg, image/svg+xml). Used by .ci/notebooks.py and
kernelext/testdata/notebook_test.py; .ci/browser_test.mjs counts the same way in JS.
"""
import base64
import re
import xml.dom.minidom

IMG = re.compile(r'<img\b[^>]*\bsrc="data:(image/[a-z+.-]+);base64,([A-Za-z0-9+/=]*)"[^>]*>')
INLINE_SVG = re.compile(r"<svg\b")
IMAGE_MIMES = ("image/png", "image/jpeg", "image/svg+xml")


def _text(v):
    return "".join(v) if isinstance(v, list) else (v or "")


def output_pictures(out):
    """The pictures of one output: a list of (form, payload) pairs."""
    if out.get("output_type") not in ("display_data", "execute_result"):
        return []
    data = out.get("data", {})
    html = _text(data.get("text/html"))
    if html:
        found = [(m.group(1), m.group(2)) for m in IMG.finditer(html)]
        found += [("inline svg", "")] * len(INLINE_SVG.findall(html))
        return found
    for mime in IMAGE_MIMES:
        if mime in data:
            return [(mime, _text(data[mime]))]
    return []


def notebook_pictures(nb):
    """Every picture of a notebook (a dict as json.load or nbformat gives it), in order,
    with the text/plain of its output: a list of (form, payload, plain)."""
    pics = []
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []):
            plain = _text(out.get("data", {}).get("text/plain")) if "data" in out else ""
            pics += [(form, payload, plain) for form, payload in output_pictures(out)]
    return pics


def html_pictures(page):
    """The data-URI images and inline SVGs of an HTML page: a list of (form, payload)."""
    return [(m.group(1), m.group(2)) for m in IMG.finditer(page)] + [("inline svg", "")] * len(INLINE_SVG.findall(page))


def problems(pics):
    """What is wrong with a notebook's pictures: inline SVG, data that does not decode to
    an SVG or PNG document, or an output whose text/plain does not say what it shows."""
    bad = []
    for i, (form, payload, plain) in enumerate(pics, 1):
        if form == "inline svg":
            bad.append("picture %d is an inline <svg>, which untrusted notebooks drop" % i)
            continue
        try:
            raw = base64.b64decode(payload, validate=True)
        except ValueError as e:
            bad.append("picture %d: its data URI is not base64 (%s)" % (i, e))
            continue
        if form == "image/svg+xml":
            try:
                xml.dom.minidom.parseString(raw)
            except Exception as e:  # any parse failure means a picture that will not draw
                bad.append("picture %d: not a well-formed SVG (%s)" % (i, e))
        elif form == "image/png" and not raw.startswith(b"\x89PNG"):
            bad.append("picture %d: not a PNG" % i)
        if not plain.strip() or "[picture" in plain or "[SVG" in plain:
            bad.append("picture %d: its text/plain does not say what it shows: %r" % (i, plain[:80]))
    return bad
