"""Charts as server-rendered SVG strings: the same markup on the screen and in the PDF (WeasyPrint draws
inline SVG), no JavaScript. Labels are escaped; sizes are in the SVG's own units and scale to the width."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colours of the 1–5 star series (light to dark) and of single-series bars.
STAR_COLOURS = ["#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"]
BAR = "#2f6f9f"
FONT = "Report Sans, DejaVu Sans, sans-serif"  # Report Sans: the PDF's bundled @font-face (the screen falls back)


def _svg(width, height, body, title):
    return mark_safe(  # noqa: S308 - every label and title is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="11">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _empty(title, message):
    return _svg(480, 40, f'<text x="0" y="24" fill="#666">{escape(message)}</text>', title)


def stacked_bars(title, rows, series, empty):
    """Horizontal stacked bars. rows: [(label, [value per series])]; series: [(name, colour)]."""
    if not rows:
        return _empty(title, empty)
    label_w, bar_w, row_h, top = 170, 380, 20, 26
    largest = max(sum(values) for _label, values in rows) or 1
    parts = []
    x = label_w
    for name, colour in series:  # the legend, on one line above the bars
        parts.append(f'<rect x="{x}" y="4" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="13">{escape(name)}</text>')
        x += 14 + 8 * len(str(name)) + 12
    for index, (label, values) in enumerate(rows):
        y = top + index * row_h
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(_short(label))}</text>')
        x = label_w
        for value, (_name, colour) in zip(values, series, strict=True):
            width = bar_w * value / largest
            if width:
                box = f'x="{x:.1f}" y="{y + 2}" width="{width:.1f}" height="{row_h - 6}"'
                parts.append(f'<rect {box} fill="{colour}"/>')
            x += width
        parts.append(f'<text x="{x + 4:.1f}" y="{y + 13}">{sum(values)}</text>')
    height = top + len(rows) * row_h + 4
    return _svg(label_w + bar_w + 40, height, "".join(parts), title)


def columns(title, labels, values, empty):
    """Vertical bars with their value on top; labels under them."""
    if not any(values):
        return _empty(title, empty)
    col_w, plot_h, top, bottom = 56, 140, 16, 30
    largest = max(values) or 1
    parts = [f'<line x1="0" y1="{top + plot_h}" x2="{col_w * len(values)}" y2="{top + plot_h}" stroke="#999"/>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = plot_h * value / largest
        x = index * col_w + 10
        y = top + plot_h - height
        parts.append(f'<rect x="{x}" y="{y:.1f}" width="{col_w - 20}" height="{height:.1f}" fill="{BAR}"/>')
        parts.append(f'<text x="{x + (col_w - 20) / 2}" y="{y - 3:.1f}" text-anchor="middle">{value}</text>')
        parts.append(
            f'<text x="{x + (col_w - 20) / 2}" y="{top + plot_h + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    return _svg(col_w * len(values), top + plot_h + bottom, "".join(parts), title)


def percent_bars(title, rows, empty):
    """Horizontal bars of a share, 0–100 %. rows: [(label, percent)]."""
    if not rows:
        return _empty(title, empty)
    label_w, bar_w, row_h = 230, 320, 20
    parts = []
    for index, (label, percent) in enumerate(rows):
        y = index * row_h
        width = bar_w * max(0, min(100, percent)) / 100
        parts.append(f'<text x="{label_w - 6}" y="{y + 13}" text-anchor="end">{escape(_short(label, 36))}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="{row_h - 6}" fill="#e9ecef"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{width:.1f}" height="{row_h - 6}" fill="{BAR}"/>')
        parts.append(f'<text x="{label_w + bar_w + 4}" y="{y + 13}">{percent}%</text>')
    return _svg(label_w + bar_w + 44, len(rows) * row_h + 4, "".join(parts), title)


def _short(label, limit=28):
    text = str(label)
    return text if len(text) <= limit else text[: limit - 1] + "…"
