"""The SVG charts: well-formed XML, labels escaped, one bar per commune / quarter / agency, a message when there
is nothing to draw; and the report's three charts built from conftest.py's world."""

import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.utils import translation

from reporting import charts, periods
from reporting.document import chart_set
from reporting.gather import gather

SVG = "{http://www.w3.org/2000/svg}"
SERIES = [(f"{n}★", colour) for n, colour in zip(range(1, 6), charts.STAR_COLOURS, strict=True)]


def parse(svg):
    root = ET.fromstring(str(svg))  # noqa: S314 - markup our own code made
    assert root.tag == f"{SVG}svg"
    return root


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def rects(root, fill=None):
    return [r for r in root.iter(f"{SVG}rect") if fill is None or r.get("fill") == fill]


def test_stacked_bars_one_bar_per_commune_and_escaped_names():
    rows = [('Xã <&> "Mới"', [1, 0, 2, 0, 0]), ("Xã Xà Phiên", [0, 1, 0, 0, 0]), ("Xã Vị Thắng", [0, 0, 0, 0, 0])]
    svg = charts.stacked_bars("Sao <theo> xã & huyện", rows, SERIES, "Không có")
    assert "<&>" not in svg and "&lt;&amp;&gt;" in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Sao <theo> xã & huyện"
    assert 'Xã <&> "Mới"' in texts(root)
    bars = [r for r in rects(root) if r.get("y") != "4"]  # the legend's squares sit on the first line
    assert len({r.get("y") for r in bars}) == 2  # a bar for each commune with something to show
    assert len(bars) == 3  # segments: 1★ and 3★ in the first commune, 2★ in the second
    assert [t for t in texts(root) if t in ("3", "1", "0")] == ["3", "1", "0"]  # each commune's total
    assert len(rects(root, charts.STAR_COLOURS[0])) == 2  # the legend's and one segment


def test_columns_one_bar_per_quarter():
    labels = [f"Q{n}/20" for n in range(1, 5)] + ["<Q&>"]
    root = parse(charts.columns("Ý tưởng", labels, [3, 0, 7, 1, 2], "Không có"))
    assert len(rects(root, charts.BAR)) == 5
    assert labels[-1] in texts(root)
    heights = [float(r.get("height")) for r in rects(root, charts.BAR)]
    assert heights[2] == max(heights) and heights[1] == 0


def test_percent_bars_one_bar_per_agency():
    rows = [("Phòng KT&HT", 63), ("Phòng NN&PTNT", 75), ("UBND xã <Thuận Hòa>", 0)]
    root = parse(charts.percent_bars("Hoàn thành", rows, "Không có"))
    assert len(rects(root, charts.BAR)) == 3
    assert [t for t in texts(root) if t.endswith("%")] == ["63%", "75%", "0%"]
    assert "UBND xã <Thuận Hòa>" in texts(root)


@pytest.mark.parametrize(
    "svg",
    [
        charts.stacked_bars("Sao", [], SERIES, "Không có sản phẩm <nào> được đánh giá"),
        charts.columns("Ý tưởng", ["Q1/20", "Q2/20"], [0, 0], "Không có sản phẩm <nào> được đánh giá"),
        charts.percent_bars("Nhiệm vụ", [], "Không có sản phẩm <nào> được đánh giá"),
    ],
)
def test_an_empty_chart_says_so(svg):
    root = parse(svg)
    assert texts(root) == ["Không có sản phẩm <nào> được đánh giá"]
    assert rects(root) == []


def test_a_long_label_is_shortened():
    root = parse(charts.stacked_bars("Sao", [("Thị trấn " + "Long Mỹ " * 10, [1, 0, 0, 0, 0])], SERIES, "–"))
    label = next(t for t in texts(root) if t.startswith("Thị trấn"))
    assert len(label) == 28 and label.endswith("…")


def test_the_reports_charts(world):
    world.tree.other_commune.name = "Xà Phiên <&>"
    world.tree.other_commune.save()
    data = gather(world.tree.district, periods.quarter(2020, 3), today=date(2020, 10, 15))
    with translation.override("vi"):
        made = chart_set(data)
    stars, ideas, tasks = (parse(made[key]) for key in ("stars", "ideas", "tasks"))
    assert {"Thuận Hòa", "Xà Phiên <&>"} <= set(texts(stars))
    assert len({r.get("y") for r in rects(stars) if r.get("y") != "4"}) == 2  # two communes rated
    assert len(rects(ideas, charts.BAR)) == 8  # the last eight quarters
    assert texts(ideas)[:2] == ["0", "Q4/18"] and texts(ideas)[-2:] == ["3", "Q3/20"]
    assert len(rects(tasks, charts.BAR)) == 3  # three lead agencies
    assert [t for t in texts(tasks) if t.endswith("%")] == ["63%", "75%", "0%"]


def test_the_charts_of_a_unit_with_nothing(world):
    data = gather(world.tree.far_commune, periods.quarter(2016, 1), today=date(2016, 4, 10))
    made = chart_set(data)
    for key in ("stars", "ideas", "tasks"):
        root = parse(made[key])
        assert rects(root) == [] and len(texts(root)) == 1, key


def svgs(markup):
    """The SVGs of a chart's markup (one, or several for a long bar chart), each parsed on its own."""
    text = str(markup)
    assert text.startswith("<svg") and text.endswith("</svg>")
    pieces = [f"<svg{piece}" for piece in text.split("<svg")[1:]]
    return [parse(piece) for piece in pieces]


def bar_labels(root):
    """The row labels of a horizontal bar chart (right-aligned texts left of the bars)."""
    return [t.text for t in root.iter(f"{SVG}text") if t.get("text-anchor") == "end"]


def viewbox_height(root):
    return float(root.get("viewBox").split()[3])


def test_a_long_stacked_chart_is_split_into_svgs_of_at_most_35_rows():
    """90 communes: three SVGs of 30 rows (at most charts.MAX_ROWS each), each well-formed and with the legend,
    the bars on one scale (the largest total is as long in every part), every commune once, in order."""
    rows = [(f"Xã {n:03}", [n % 3, 1, 0, n % 2, 0]) for n in range(90)]
    rows[70] = ("Xã lớn nhất", [5, 5, 0, 0, 0])
    parts = svgs(charts.stacked_bars("Sao <&>", rows, SERIES, "Không có"))
    assert len(parts) == 3
    assert [len(bar_labels(part)) for part in parts] == [30, 30, 30]
    assert all(len(bar_labels(part)) <= charts.MAX_ROWS for part in parts)
    assert [label for part in parts for label in bar_labels(part)] == [label for label, _v in rows]
    for part in parts:
        legend = [t for t in texts(part) if t.endswith("★")]
        assert legend == [name for name, _c in SERIES]  # the legend on each part
        assert viewbox_height(part) <= 26 + charts.MAX_ROWS * 20 + 4
    assert [part.find(f"{SVG}title").text for part in parts] == ["Sao <&> (1/3)", "Sao <&> (2/3)", "Sao <&> (3/3)"]

    # One scale: the largest total (10, in the third part) sets the length of a star in every part.
    def widths(part):
        return [float(r.get("width")) for r in rects(part) if r.get("y") != "4"]

    assert max(w for part in parts for w in widths(part)) == 380 / 10 * 5
    # rows 0 and 60 ([0, 1, 0, 0, 0]) both start with a segment of 1 in 10
    assert widths(parts[0])[0] == widths(parts[2])[0] == 380 / 10


def test_35_rows_stay_one_svg_and_36_make_two():
    rows = [(f"Xã {n}", [1, 0, 0, 0, 0]) for n in range(36)]
    assert len(svgs(charts.stacked_bars("Sao", rows[:35], SERIES, "–"))) == 1
    assert [len(bar_labels(p)) for p in svgs(charts.stacked_bars("Sao", rows, SERIES, "–"))] == [18, 18]


def test_a_long_percent_chart_is_split_too():
    rows = [(f"Cơ quan {n}", n) for n in range(90)]
    parts = svgs(charts.percent_bars("Hoàn thành", rows, "–"))
    assert len(parts) == 3
    assert [t for part in parts for t in texts(part) if t.endswith("%")] == [f"{n}%" for n in range(90)]
    assert all(len(rects(part, charts.BAR)) == 30 for part in parts)


def test_chunks_are_even_and_keep_the_order():
    assert [len(c) for c in charts.chunks(list(range(71)))] == [24, 24, 23]
    assert [len(c) for c in charts.chunks(list(range(70)))] == [35, 35]
    assert sum(charts.chunks(list(range(100)), 10), []) == list(range(100))


def test_the_province_chart_adds_the_communes_up_by_district(world, django_assert_num_queries):
    """A province's report draws a bar per district (each commune's stars added to its district's): huyện Long Mỹ
    (Thuận Hòa 4★, Xà Phiên 2★ and 3★) and huyện Vị Thủy (Vị Thắng); the chart needs no query (communes come with their
    district). A district's report keeps its communes."""
    data = gather(world.tree.province, periods.quarter(2020, 3), today=date(2020, 10, 15))
    assert len(data.stars_by_commune) >= 3  # the three communes with rated products
    with translation.override("vi"), django_assert_num_queries(0):
        made = chart_set(data)
    assert made["stars_title"] == "Sản phẩm được đánh giá theo huyện và hạng sao"
    stars = parse(made["stars"])
    assert bar_labels(stars) == ["Huyện Vị Thủy", "Huyện Long Mỹ"]  # in the order of their codes (935, 936)
    by_place = dict(zip(bar_labels(stars), [t for t in texts(stars) if t.isdigit()], strict=True))
    communes = {c.name: sum(counter.values()) for c, counter in data.stars_by_commune}
    assert by_place["Huyện Long Mỹ"] == str(communes["Thuận Hòa"] + communes["Xà Phiên"]) == "3"
    assert by_place["Huyện Vị Thủy"] == str(communes["Vị Thắng"])

    district = gather(world.tree.district, periods.quarter(2020, 3), today=date(2020, 10, 15))
    with translation.override("vi"):
        made = chart_set(district)
    assert made["stars_title"] == "Sản phẩm được đánh giá theo xã và hạng sao"
    assert bar_labels(parse(made["stars"])) == ["Thuận Hòa", "Xà Phiên"]
