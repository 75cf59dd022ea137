"""A Scene drawn as SVG in Python: the explorer's face before its notebook has run.

JupyterLab does not run the scripts of a notebook it has not seen run, and its
HTML sanitizer removes inline ``<svg>``; an ``<img>`` whose source is an SVG
document survives. So an explorer's stored HTML carries its default frame drawn
here, server-side, with the layout and light colours of ``static_face.js`` at
the scene's natural size; on the website the script replaces it by the live
drawing. Only the standard library and numpy: no matplotlib.
"""
from html import escape
from urllib.parse import quote

import numpy as np

FONT = "DejaVu Sans, Verdana, Arial, sans-serif"
MIN_TEXT, TITLE, LABEL, TICK, LEGEND = 11, 13, 12, 11, 11
NEUTRAL = {"#000000": "ink", "#111111": "ink", "#222222": "ink", "#333333": "ink", "#555555": "muted",
           "#9aa5b1": "faint", "#c3cad2": "faint", "#ffffff": "paper"}
LIGHT = {"bg": "#ffffff", "ink": "#222222", "muted": "#555555", "faint": "#a8b0b9", "paper": "#ffffff"}


# ----- colours (as static_face.js) ---------------------------------------------------------------
def _rgb(c):
    c = c.lstrip("#")
    return [int(c[i:i + 2], 16) for i in (0, 2, 4)]


def _hex(rgb):
    return "#" + "".join(f"{int(round(min(255, max(0, v)))):02x}" for v in rgb)


def luminance(c):
    v = np.array(_rgb(c)) / 255
    v = np.where(v <= 0.03928, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)
    return float(0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2])


def contrast(a, b):
    x, y = sorted((luminance(a), luminance(b)), reverse=True)
    return (x + 0.05) / (y + 0.05)


def _mix(a, b, t):
    return _hex([p + (q - p) * t for p, q in zip(_rgb(a), _rgb(b))])


def legible(c, bg, ratio):
    """``c`` moved towards black (light background) or white (dark) until its contrast with ``bg`` reaches ``ratio``."""
    target = "#000000" if luminance(bg) > 0.4 else "#ffffff"
    for k in range(21):
        d = _mix(c, target, k / 20)
        if contrast(d, bg) >= ratio:
            return d
    return target


def _role(c):
    return NEUTRAL.get(str(c).lower())


def _stroke(c):
    return LIGHT[_role(c)] if _role(c) else legible(c, LIGHT["bg"], 3)


def _text_colour(c, under):
    if under:
        if contrast(c, under) >= 4.5:
            return c
        return "#111111" if contrast("#111111", under) > contrast("#ffffff", under) else "#ffffff"
    return legible(LIGHT[_role(c)] if _role(c) else c, LIGHT["bg"], 4.5)


def _point(c):
    return LIGHT[_role(c)] if _role(c) else legible(c, LIGHT["bg"], 2)


# ----- layout ------------------------------------------------------------------------------------------
def _width(text, size, bold=False):
    return (0.68 if bold else 0.62) * size * len(text)


def _wrap(text, size, width, bold=False):
    if not text:
        return []
    lines, line = [], ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, size, bold) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return lines + [line]


def _legend_rows(entries, width):
    rows, row, x = [], [], 0.0
    for label, color, dashed in entries:
        w = 26 + _width(label, LEGEND) + 14
        if row and x + w > width:
            rows.append(row)
            row, x = [], 0.0
        row.append((label, color, dashed, x))
        x += w
    return rows + [row] if row else rows


def _margins(meta, w):
    title = _wrap(meta["title"], TITLE, w - 12, bold=True)
    legend = _legend_rows(meta.get("legend", []), w - 16)
    axis = meta.get("axis", True) is not False
    top = 6 + len(title) * (TITLE + 4) + len(legend) * (LEGEND + 6) + (6 if axis else 2)
    left = (52 if meta["ylabel"] else 40) if axis else 4
    bottom = (40 if meta["xlabel"] else 24) if axis else (22 if meta["xlabel"] else 4)
    return title, legend, top, left, 12 if axis else 4, bottom


def _scales(meta, box, m):
    x, y, w0, h0 = box
    _, _, top, left, right, bottom = m
    w, h = w0 - left - right, h0 - top - bottom
    (xa, xb), (ya, yb) = meta["xlim"], meta["ylim"]
    dx, dy = xb - xa, yb - ya
    x0, y0 = x + left, y + top
    if meta["equal"]:
        k = min(w / dx, h / dy)
        x0, y0, w, h = x0 + (w - k * dx) / 2, y0 + (h - k * dy) / 2, k * dx, k * dy
    return (lambda v: x0 + (v - xa) / dx * w), (lambda v: y0 + h - (v - ya) / dy * h), (x0, y0, w, h)


def _f(v):
    return f"{round(float(v), 1):g}"


def _raster_colour(item, level):
    low, mid, high = item["palette"]
    t = level / 100
    a, b, u = (low, mid, 2 * t) if t < 0.5 else (mid, high, 2 * t - 1)
    return [round(255 * (p + (q - p) * u)) for p, q in zip(a, b)]


def _cell_under(items, x, y):
    for item in reversed(items):
        if item["kind"] != "raster":
            continue
        x0, x1, y0, y1 = item["extent"]
        if x0 <= x < x1 and y0 < y <= y1:
            col = int((x - x0) / (x1 - x0) * item["cols"])
            row = int((y1 - y) / (y1 - y0) * item["rows"])
            return _hex(_raster_colour(item, item["levels"][row * item["cols"] + col]))
    return None


def _panel(out, panel, box, clip_id):
    meta, items = panel["meta"], panel["items"]
    m = _margins(meta, box[2])
    sx, sy, (ax, ay, aw, ah) = _scales(meta, box, m)
    pts = lambda xy: " ".join(f"{_f(sx(p[0]))},{_f(sy(p[1]))}" for p in xy)
    out.append(f'<clipPath id="{clip_id}"><rect x="{_f(ax - 1.5)}" y="{_f(ay - 1.5)}" width="{_f(aw + 3)}"'
               f' height="{_f(ah + 3)}"/></clipPath>')
    out.append(f'<g clip-path="url(#{clip_id})">')
    labels = []
    for it in items:
        kind = it["kind"]
        if kind == "polygon":
            fill = LIGHT[_role(it["color"])] if _role(it["color"]) else it["color"]
            out.append(f'<polygon points="{pts(it["xy"])}" fill="{fill}" fill-opacity="{it["alpha"]}"/>')
        elif kind == "line":
            dash = "7 4" if it["dashed"] else "none"
            out.append(f'<polyline points="{pts(it["xy"])}" fill="none" stroke="{_stroke(it["color"])}"'
                       f' stroke-width="{it["width"]}" stroke-linejoin="round" stroke-dasharray="{dash}"/>')
        elif kind == "points":
            edges = it["edges"] or [None] * len(it["xy"])
            for p, c, e in zip(it["xy"], it["colors"], edges):
                stroke = f'stroke="{_stroke(e)}" stroke-width="3"' if e else 'stroke="none"'
                out.append(f'<circle cx="{_f(sx(p[0]))}" cy="{_f(sy(p[1]))}" r="{it["size"]}" fill="{_point(c)}" {stroke}/>')
        elif kind == "raster":
            x0, x1, y0, y1 = it["extent"]
            w, h = (sx(x1) - sx(x0)) / it["cols"], (sy(y0) - sy(y1)) / it["rows"]
            for k, level in enumerate(it["levels"]):
                r, g, b = _raster_colour(it, level)
                out.append(f'<rect x="{_f(sx(x0) + (k % it["cols"]) * w)}" y="{_f(sy(y1) + (k // it["cols"]) * h)}"'
                           f' width="{_f(w + 0.5)}" height="{_f(h + 0.5)}" fill="rgb({r},{g},{b})"/>')
        elif kind == "text":
            under = _cell_under(items, it["x"], it["y"])
            labels.append(f'<text x="{_f(sx(it["x"]))}" y="{_f(sy(it["y"]))}" fill="{_text_colour(it["color"], under)}"'
                          f' font-size="{max(MIN_TEXT, it["size"])}" text-anchor="{it.get("anchor", "middle")}"'
                          f' dominant-baseline="central">{escape(it["text"])}</text>')
    out.append("</g>")
    out.extend(labels)
    x, y, w, h = box
    ink, muted = LIGHT["ink"], LIGHT["muted"]
    top = y + 6
    for line in m[0]:
        out.append(f'<text x="{_f(x + w / 2)}" y="{_f(top + TITLE)}" text-anchor="middle" font-size="{TITLE}" fill="{ink}"'
                   f' font-weight="bold">{escape(line)}</text>')
        top += TITLE + 4
    for row in m[1]:
        label, _, _, last = row[-1]
        left = x + (w - (last + 26 + _width(label, LEGEND))) / 2
        for label, color, dashed, ex in row:
            dash = "6 3" if dashed else "none"
            out.append(f'<line x1="{_f(left + ex)}" x2="{_f(left + ex + 22)}" y1="{_f(top + 9)}" y2="{_f(top + 9)}"'
                       f' stroke="{_stroke(color)}" stroke-width="3" stroke-dasharray="{dash}"/>')
            out.append(f'<text x="{_f(left + ex + 26)}" y="{_f(top + 9)}" font-size="{LEGEND}" fill="{ink}"'
                       f' dominant-baseline="central">{escape(label)}</text>')
        top += LEGEND + 6
    if meta.get("axis", True) is False:
        if meta["xlabel"]:
            out.append(f'<text x="{_f(ax + aw / 2)}" y="{_f(y + h - 6)}" text-anchor="middle" font-size="{LABEL}"'
                       f' fill="{muted}">{escape(meta["xlabel"])}</text>')
        return
    out.append(f'<rect x="{_f(ax)}" y="{_f(ay)}" width="{_f(aw)}" height="{_f(ah)}" fill="none" stroke="{muted}"/>')
    tick = lambda t: f"{t:.6g}".replace("-", "−")
    for t in meta["xticks"]:
        out.append(f'<line x1="{_f(sx(t))}" x2="{_f(sx(t))}" y1="{_f(ay + ah)}" y2="{_f(ay + ah + 4)}" stroke="{muted}"/>')
        out.append(f'<text x="{_f(sx(t))}" y="{_f(ay + ah + 16)}" text-anchor="middle" font-size="{TICK}"'
                   f' fill="{muted}">{tick(t)}</text>')
    for t in meta["yticks"]:
        out.append(f'<line x1="{_f(ax - 4)}" x2="{_f(ax)}" y1="{_f(sy(t))}" y2="{_f(sy(t))}" stroke="{muted}"/>')
        out.append(f'<text x="{_f(ax - 7)}" y="{_f(sy(t))}" text-anchor="end" dominant-baseline="central"'
                   f' font-size="{TICK}" fill="{muted}">{tick(t)}</text>')
    if meta["xlabel"]:
        out.append(f'<text x="{_f(ax + aw / 2)}" y="{_f(y + h - 7)}" text-anchor="middle" font-size="{LABEL}"'
                   f' fill="{ink}">{escape(meta["xlabel"])}</text>')
    if meta["ylabel"]:
        out.append(f'<text x="0" y="0" text-anchor="middle" font-size="{LABEL}" fill="{ink}"'
                   f' transform="translate({_f(x + 14)},{_f(ay + ah / 2)}) rotate(-90)">{escape(meta["ylabel"])}</text>')


def scene_svg(scene):
    """A standalone SVG document of ``scene`` (a ``Scene`` or its ``to_json()``), panels side by side."""
    data = scene.to_json() if hasattr(scene, "to_json") else scene
    width, height, panels = data["width"], data["height"], data["panels"]
    pw = width / len(panels)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(width)} {_f(height)}" width="{_f(width)}"'
           f' height="{_f(height)}" font-family="{FONT}" role="img"><title>{escape(data["alt"])}</title>',
           f'<rect x="0" y="0" width="{_f(width)}" height="{_f(height)}" fill="{LIGHT["bg"]}"/>']
    for p, panel in enumerate(panels):
        _panel(out, panel, (p * pw, 0.0, pw, float(height)), f"c{p}")
    out.append("</svg>")
    return "".join(out)


def svg_data_uri(svg):
    """An ``<img src>`` for an SVG document: percent-encoded UTF-8 (smaller than base64, and gzips well)."""
    return "data:image/svg+xml;charset=utf-8," + quote(svg, safe=" /=:;,.()'-")
