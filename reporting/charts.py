"""Charts as server-rendered SVG strings: the same markup on the screen and in the PDF (WeasyPrint draws
inline SVG), no JavaScript. Labels are escaped; sizes are in the SVG's own units and scale to the width.

A bar chart of more than MAX_ROWS rows is drawn as several SVGs of at most MAX_ROWS rows each, on one scale,
the legend repeated on each: WeasyPrint never splits an SVG, so one taller than the page would run past its
bottom margin (about 45 rows fill an A4 page at the width of the text), while separate SVGs can move to the
next page one by one (document.css keeps each whole, portal.css shows them one under the other)."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

# Colours of the 1–5 star series (light to dark) and of single-series bars.
STAR_COLOURS = ["#c7e9c0", "#a1d99b", "#74c476", "#31a354", "#006d2c"]
BAR = "#2f6f9f"
FONT = "Report Sans, DejaVu Sans, sans-serif"  # Report Sans: the PDF's bundled @font-face (the screen falls back)
MAX_ROWS = 35  # rows in one SVG of a bar chart: 35 × 20 units, with the legend, stay under a page's height


def _svg(width, height, body, title, css_class="", drawn="100%"):
    """drawn: the SVG's width attribute, the share of the text's width the PDF draws it at (the screen's
    portal.css sets its own)."""
    attribute = f' class="{css_class}"' if css_class else ""
    return mark_safe(  # noqa: S308 - every label and title is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{drawn}"{attribute} '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}" font-size="11">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _empty(title, message):
    """A line of text saying there is nothing to draw, 360 units wide (the longest message, Vietnamese, takes ~335).
    The PDF draws it at three quarters of the text's width (the scale of the 480 units it used to span); the
    screen (class chart-empty) at most 1:1, so a phone shows it whole, at ~11 px, without scrolling."""
    body = f'<text x="0" y="24" fill="#666">{escape(message)}</text>'
    return _svg(360, 40, body, title, css_class="chart-empty", drawn="75%")


def chunks(rows, limit=None):
    """The rows in as few pieces of at most `limit` (MAX_ROWS) rows as possible, of nearly equal length (90 rows:
    3 × 30, not 35 + 35 + 20)."""
    limit = limit or MAX_ROWS
    count = -(-len(rows) // limit)
    size = -(-len(rows) // count)
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _parts(title, pieces, draw):
    """One SVG per piece; past one, each says which part it is in its title."""
    if len(pieces) == 1:
        return draw(title, pieces[0])
    return mark_safe(  # noqa: S308 - _svg's markup, escaped there
        "".join(draw(f"{title} ({number}/{len(pieces)})", piece) for number, piece in enumerate(pieces, start=1))
    )


def stacked_bars(title, rows, series, empty, max_rows=None):
    """Horizontal stacked bars. rows: [(label, [value per series])]; series: [(name, colour)]. Past `max_rows`
    (MAX_ROWS) rows, several SVGs on the same scale, each with the legend."""
    if not rows:
        return _empty(title, empty)
    largest = max(sum(values) for _label, values in rows) or 1
    return _parts(title, chunks(rows, max_rows), lambda t, piece: _stacked(t, piece, series, largest))


def _stacked(title, rows, series, largest):
    label_w, bar_w, row_h, top = 170, 380, 20, 26
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


def percent_bars(title, rows, empty, max_rows=None):
    """Horizontal bars of a share, 0–100 %. rows: [(label, percent)]. Past `max_rows` (MAX_ROWS) rows, several
    SVGs."""
    if not rows:
        return _empty(title, empty)
    return _parts(title, chunks(rows, max_rows), _percent)


def _percent(title, rows):
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
