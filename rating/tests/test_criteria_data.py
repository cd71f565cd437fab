"""Checks on the QĐ 1048/QĐ-TTg criteria catalogue (rating/data/criteria_1048.json).

Plain json + pytest: no Django models or settings are needed.
"""

import json
import re
import unicodedata
from pathlib import Path

import pytest

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "criteria_1048.json"

PART_MAX = {"A": 35, "B": 25, "C": 40}
ALL_SETS = set(range(1, 27))

# Sets not transcribed yet. Empty: all 26 sheets of Phụ lục III are in the file.
EXPECTED_MISSING: set[int] = set()

# Places where the decision itself does not add up as printed. The data keeps the printed numbers;
# each one is listed in the file's "source_discrepancies". A new mismatch must fail the test.
EXPECTED_DISCREPANCIES = {
    # 3.2 "Trường hợp 2" (TNHH 1 thành viên, DNTN, hộ gia đình) tops at 1 point under a 2-point criterion.
    *((n, "option_max", "A/3.2 Trường hợp 2") for n in sorted(ALL_SETS)),
    (4, "option_max", "C/9.1"),
    (4, "part_sum", "C"),
    (7, "option_max", "A/3.1"),
    (13, "option_max", "C/6.3"),
    (13, "part_sum", "C"),
    (14, "numbering", "C/6.1.4"),
    (14, "numbering", "C/6.1.5"),
    (17, "option_max", "C/6.1"),
    (17, "part_sum", "C"),
    (19, "option_max", "C/10"),
    (25, "option_max", "C/6.5"),
    (25, "part_sum", "C"),
    (26, "part_sum", "A"),
}
# Documented in the file but not derivable from the numbers.
EXPECTED_OTHER_DISCREPANCIES = {(3, "other", "C/8"), (19, "other", "C")}


def _load():
    with DATA_FILE.open(encoding="utf-8") as f:
        return json.load(f)


DATA = _load()
SETS = {s["number"]: s for s in DATA["sets"]}


def _criteria(s):
    for p in s["parts"]:
        for g in p["groups"]:
            for c in g["criteria"]:
                yield p, g, c


def compute_discrepancies(sets):
    """(set, kind, where) for every place where the printed numbers do not add up."""
    found = []
    for s in sets:
        n = s["number"]
        for p in s["parts"]:
            total = 0
            for g in p["groups"]:
                crits = g["criteria"]
                total += sum(c["max"] for c in crits)
                if g["max"] is not None and g["max"] != sum(c["max"] for c in crits):
                    found.append((n, "group_sum", f"{p['code']}/{g['number']}"))
                for sg in g["subgroups"]:
                    if sg["max"] != sum(c["max"] for c in crits if c["parent"] == sg["number"]):
                        found.append((n, "group_sum", f"{p['code']}/{sg['number']}"))
                for c in crits:
                    if c["printed_number"] is not None:
                        found.append((n, "numbering", f"{p['code']}/{c['number']}"))
                    for ol in c["option_lists"]:
                        pts = [o["points"] for o in ol["options"]]
                        top = sum(pts) if c["selection"] == "multiple" else max(pts)
                        if top != c["max"]:
                            where = f"{p['code']}/{c['number']}"
                            if ol["label"]:
                                where += " " + ol["label"].split(":")[0]
                            found.append((n, "option_max", where))
            if total != p["max"]:
                found.append((n, "part_sum", p["code"]))
    return found


def _is_number(x):
    return isinstance(x, int | float) and not isinstance(x, bool)


def test_header():
    assert DATA["rule_set"] == "1048/QĐ-TTg"
    assert DATA["source"] == "Quyết định 1048/QĐ-TTg ngày 21/8/2019, Phụ lục III"


def test_set_numbers_present_once():
    numbers = [s["number"] for s in DATA["sets"]]
    assert len(numbers) == len(set(numbers)), "a set number appears twice"
    assert set(numbers) == ALL_SETS - EXPECTED_MISSING
    assert numbers == sorted(numbers)


@pytest.mark.parametrize("n", sorted(SETS))
def test_set_header(n):
    s = SETS[n]
    for key in ("name", "sector", "group"):
        assert isinstance(s[key], str) and s[key].strip(), key
    assert s["knockout"] is None or (isinstance(s["knockout"], str) and s["knockout"].strip())


@pytest.mark.parametrize("n", sorted(SETS))
def test_parts_and_sums(n):
    s = SETS[n]
    assert [p["code"] for p in s["parts"]] == ["A", "B", "C"]
    for p in s["parts"]:
        assert p["max"] == PART_MAX[p["code"]]
        total = sum(c["max"] for g in p["groups"] for c in g["criteria"])
        if (n, "part_sum", p["code"]) in EXPECTED_DISCREPANCIES:
            assert total != p["max"], f"set {n} part {p['code']} now adds up: drop it from the discrepancies"
        else:
            assert total == p["max"], f"set {n} part {p['code']}: criteria add up to {total}"


@pytest.mark.parametrize("n", sorted(SETS))
def test_option_lists(n):
    for p, _g, c in _criteria(SETS[n]):
        assert _is_number(c["max"]) and c["max"] > 0, c["number"]
        assert c["selection"] in ("single", "multiple")
        assert c["option_lists"], f"set {n} {c['number']} has no options"
        labels = [ol["label"] for ol in c["option_lists"]]
        if len(labels) > 1:
            assert all(label and label.startswith("Trường hợp") for label in labels), c["number"]
        for ol in c["option_lists"]:
            assert ol["options"], c["number"]
            where = f"{p['code']}/{c['number']}" + (" " + ol["label"].split(":")[0] if ol["label"] else "")
            expected_mismatch = (n, "option_max", where) in EXPECTED_DISCREPANCIES
            for o in ol["options"]:
                assert isinstance(o["text"], str) and o["text"].strip(), c["number"]
                assert _is_number(o["points"]) and o["points"] >= 0, c["number"]
                assert expected_mismatch or o["points"] <= c["max"], f"set {n} {where}: option above max"
            pts = [o["points"] for o in ol["options"]]
            top = sum(pts) if c["selection"] == "multiple" else max(pts)
            if expected_mismatch:
                assert top != c["max"], f"set {n} {where} now matches: drop it from the discrepancies"
            else:
                assert top == c["max"], f"set {n} {where}: best option {top} != max {c['max']}"


@pytest.mark.parametrize("n", sorted(SETS))
def test_criterion_numbers_unique(n):
    numbers = [c["number"] for _p, _g, c in _criteria(SETS[n])]
    assert len(numbers) == len(set(numbers)), sorted(x for x in numbers if numbers.count(x) > 1)
    for p, g, c in _criteria(SETS[n]):
        assert c["number"] == g["number"] or c["number"].startswith(g["number"] + "."), c["number"]
        if c["parent"] is not None:
            assert c["parent"] in {sg["number"] for sg in g["subgroups"]}
            assert c["number"].startswith(c["parent"] + ".")
        assert p["code"] in PART_MAX


@pytest.mark.parametrize("n", sorted(SETS))
def test_conditions_and_flags(n):
    numbers = {c["number"] for _p, _g, c in _criteria(SETS[n])}
    for _p, _g, c in _criteria(SETS[n]):
        assert isinstance(c["knockout_note"], bool)
        assert isinstance(c["stops_if_zero"], bool)
        assert c["knockout_note"] == any(re.search("bị loại", note, re.IGNORECASE) for note in c["notes"])
        if any(re.search("không đánh giá các bước tiếp theo", note, re.IGNORECASE) for note in c["notes"]):
            assert c["stops_if_zero"], c["number"]
        app = c["applies_if"]
        if app is not None:
            assert app["criterion"] in numbers, f"set {n} {c['number']} refers to missing {app['criterion']}"
            assert app["criterion"] != c["number"]
            assert _is_number(app["min_points"])
            assert app["text"].startswith("Chỉ áp dụng")


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def test_text_is_clean():
    for text in _strings(DATA["sets"]):
        assert unicodedata.normalize("NFC", text) == text, text
        assert text == text.strip() and "  " not in text and "\n" not in text, text
        assert "□" not in text, text


def test_discrepancies_are_exactly_the_expected_ones():
    computed = set(compute_discrepancies(DATA["sets"]))
    listed = DATA["source_discrepancies"]
    for d in listed:
        assert d["set"] in SETS and d["where"] and d["what"], d
    listed_keys = [(d["set"], d["kind"], d["where"]) for d in listed]
    assert len(listed_keys) == len(set(listed_keys))
    assert computed == EXPECTED_DISCREPANCIES
    assert {k for k in listed_keys if k[1] != "other"} == EXPECTED_DISCREPANCIES
    assert {k for k in listed_keys if k[1] == "other"} == EXPECTED_OTHER_DISCREPANCIES


def test_known_values():
    s1 = SETS[1]
    assert s1["name"] == "Rau, củ, quả, hạt tươi"
    assert (s1["sector"], s1["group"]) == ("Thực phẩm", "Thực phẩm tươi sống")
    assert s1["knockout"].startswith("Giả mạo hồ sơ hoặc không có giấy chứng nhận")
    crit = {c["number"]: c for _p, _g, c in _criteria(s1)}
    c11 = crit["1.1"]
    assert (c11["title"], c11["max"]) == ("Nguồn nguyên liệu", 3)
    assert c11["option_lists"][0]["options"][1] == {
        "text": "Sử dụng nguyên liệu có nguồn gốc trong tỉnh từ 50% đến dưới 75%",
        "points": 2,
    }
    assert c11["knockout_note"] and c11["notes"] == [
        "Ghi chú: Bị loại nếu sử dụng toàn bộ nguyên liệu nhập khẩu hoặc không rõ nguồn gốc"
    ]
    assert [ol["label"] for ol in crit["3.2"]["option_lists"]] == [
        "Trường hợp 1: Công ty TNHH 2 thành viên trở lên, công ty cổ phần, HTX, Tổ hợp tác",
        "Trường hợp 2: Công ty TNHH 1 thành viên, doanh nghiệp tư nhân, hộ gia đình",
    ]
    assert crit["5.2"]["applies_if"]["criterion"] == "5.1"
    assert crit["5.3"]["applies_if"]["criterion"] == "5.1"
    assert crit["10"]["stops_if_zero"]
    assert [o["points"] for o in crit["6.2"]["option_lists"][0]["options"]] == [0, 1, 3, 5, 8]
    # Tourism: no knock-out line, part C is additive.
    s26 = SETS[26]
    assert s26["knockout"] is None
    assert all(c["selection"] == "multiple" for p, _g, c in _criteria(s26) if p["code"] == "C")
    assert all(c["selection"] == "single" for p, _g, c in _criteria(s26) if p["code"] != "C")
    assert SETS[25]["knockout"].startswith("Giả mạo hồ sơ hoặc không đáp ứng")
    # Every set has the story conditions on 5.2 and 5.3.
    for s in SETS.values():
        crit = {c["number"]: c for _p, _g, c in _criteria(s)}
        assert crit["5.2"]["applies_if"] and crit["5.3"]["applies_if"], s["number"]
