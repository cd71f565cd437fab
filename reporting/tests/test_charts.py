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
