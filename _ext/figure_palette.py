"""Sphinx extension: the site's PNG figures stored with a 256-colour palette, where nobody can tell.

A chapter's figures are matplotlib PNGs in full colour (24 bits a pixel), yet
most hold a few hundred distinct colours: lines, text and white. Once the site is
written, each figure in ``_images`` is re-encoded with a palette of at most 256
colours, and kept only if

- no pixel moves by more than ``TOLERANCE`` levels (of 255) in any channel,
- every pure white pixel stays pure white (the figure's card is white), and
- the file gets smaller.

Otherwise the original stays. The notebooks keep their full-colour figures; only
the website's copies change, about a third of their size.
"""
import io
from pathlib import Path

TOLERANCE = 16


def palette_png(data):
    """The PNG ``data`` re-encoded with a palette, or None when that would show or not pay."""
    import numpy as np
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    if image.mode == "P":
        return None
    if image.mode == "RGBA" and (np.asarray(image)[..., 3] != 255).any():
        return None  # transparency: leave it alone
    rgb = image.convert("RGB")
    pixels = np.asarray(rgb, dtype=np.int16)
    white = (pixels == 255).all(axis=-1)
    best = None
    for method in (Image.Quantize.MAXCOVERAGE, Image.Quantize.MEDIANCUT):
        quantized = rgb.quantize(256, method=method, dither=Image.Dither.NONE)
        error = np.abs(np.asarray(quantized.convert("RGB"), dtype=np.int16) - pixels).max(axis=-1)
        if error.max() > TOLERANCE or (error[white] != 0).any():
            continue
        out = io.BytesIO()
        quantized.save(out, "PNG", optimize=True)
        if len(out.getvalue()) < len(data) and (best is None or len(out.getvalue()) < len(best)):
            best = out.getvalue()
    return best


def shrink_figures(app, exception):
    if exception or app.builder.format != "html":
        return
    for path in sorted(Path(app.outdir, "_images").glob("*.png")):
        smaller = palette_png(path.read_bytes())
        if smaller is not None:
            path.write_bytes(smaller)


def setup(app):
    app.connect("build-finished", shrink_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
