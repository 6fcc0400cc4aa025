from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils.safestring import SafeString

from pvat.charts import format_number, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
YEARS = ["2021/22", "2022/23", "2023/24", "2024/25", "2025/26"]


def _chart(school=(60, 61, None, 63, 64), national=(59, 60, 61, 62, 62), **kwargs):
    options = {
        "title": "KS2 reading, writing and maths, 2021/22 to 2025/26",
        "years": YEARS,
        "series": [("Ashby Road Primary", list(school)), ("National", list(national))],
        "unit": "percent",
        "description": "Higher is better.",
    }
    return trend_chart(**{**options, **kwargs})


def _parse(svg):
    # Our own renderer's output, not outside data: the standard parser is fine.
    return ElementTree.fromstring(svg)  # noqa: S314


def _series(root, index):
    return [
        group
        for group in root.iter(f"{SVG}g")
        if f"serie-{index}" in (group.get("class") or "").split()
    ]


def test_chart_is_one_svg_element_without_xml_declaration():
    svg = _chart()

    root = _parse(svg)

    assert root.tag == f"{SVG}svg"
    assert svg.startswith("<svg")
    assert "<?xml" not in svg


def test_chart_is_marked_safe_for_templates():
    assert isinstance(_chart(), SafeString)


def test_chart_is_an_image_named_by_its_title_and_described():
    root = _parse(_chart())

    title = root.find(f"{SVG}title")
    description = root.find(f"{SVG}desc")
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == description.get("id")
    assert title.text == "KS2 reading, writing and maths, 2021/22 to 2025/26"
    assert description.text.startswith("Higher is better.")


def test_description_reads_out_every_value_and_each_gap():
    description = _parse(_chart()).find(f"{SVG}desc").text

    assert (
        "Ashby Road Primary: 2021/22 60%, 2022/23 61%, 2023/24 no figure, "
        "2024/25 63%, 2025/26 64%." in description
    )
    assert "National: 2021/22 59%" in description


def test_chart_runs_no_script_and_loads_nothing_from_outside():
    svg = _chart()
    root = _parse(svg)

    assert "<script" not in svg
    assert not list(root.iter(f"{SVG}script"))
    assert "xml-stylesheet" not in svg
    assert "href" not in svg
    assert "googleapis" not in svg


def test_chart_scales_with_its_container():
    root = _parse(_chart())

    assert root.get("viewBox") == "0 0 640 340"
    assert root.get("width") is None
    assert root.get("height") is None


def test_chart_ids_are_unique_to_each_chart():
    first = _parse(_chart())
    second = _parse(_chart())

    first_ids = {element.get("id") for element in first.iter() if element.get("id")}
    second_ids = {element.get("id") for element in second.iter() if element.get("id")}
    assert first_ids and not first_ids & second_ids


def test_missing_value_leaves_a_gap_not_a_zero():
    root = _parse(_chart())
    school = _series(root, 0)

    dots = [dot for group in school for dot in group.iter(f"{SVG}circle")]
    lines = [
        path
        for group in school
        for path in group.iter(f"{SVG}path")
        if "line" in path.get("class", "").split()
    ]
    values = [
        desc.text
        for group in school
        for desc in group.iter(f"{SVG}desc")
        if desc.get("class") == "value"
    ]
    # Four points, drawn as two separate lines either side of the gap.
    assert len(dots) == 4
    assert len(lines) == 2
    assert values == ["60%", "61%", "63%", "64%"]


def test_single_values_either_side_of_gaps_are_dots_without_a_line():
    root = _parse(_chart(school=(60, None, 62, None, None), national=(59,) * 5))
    school = _series(root, 0)

    assert len([dot for group in school for dot in group.iter(f"{SVG}circle")]) == 2
    assert not [
        path
        for group in school
        for path in group.iter(f"{SVG}path")
        if "line" in path.get("class", "").split()
    ]


def test_labels_from_data_are_escaped():
    svg = _chart(
        title="Reading & <maths>",
        series=[("Ashby <script>alert(1)</script> & Co", [1, 2, 3, 4, 5])],
    )

    assert "<script>" not in svg
    assert "Ashby &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in svg
    root = _parse(svg)
    assert root.find(f"{SVG}title").text == "Reading & <maths>"
    legend_texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Ashby <script>alert(1)</script> & Co" in legend_texts


def test_legend_shows_each_series_line_style():
    root = _parse(_chart())
    samples = [
        path
        for legend in root.iter(f"{SVG}g")
        if "legend" in (legend.get("class") or "").split()
        for path in legend.iter(f"{SVG}path")
    ]

    assert [sample.get("stroke-dasharray") for sample in samples] == [None, "8,5"]


def test_negative_values_stay_inside_the_chart():
    root = _parse(_chart(school=(-2, 0.5, 1.4, None, None), national=(None,) * 5))
    labels = [text.text for text in root.iter(f"{SVG}text") if text.text]

    assert any(label.startswith("\u2212") for label in labels)


def test_chart_with_no_values_says_so():
    svg = _chart(school=(None,) * 5, national=(None,) * 5)

    assert "No figures" in svg
    _parse(svg)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("62.00"), "percent", "62%"),
        (Decimal("7.10"), "percent", "7.1%"),
        (Decimal("9.33"), "rate", "9.33"),
        (Decimal("104.5"), "score", "104.5"),
        (Decimal("0.35"), "progress", "+0.35"),
        (Decimal("-0.20"), "progress", "\u22120.2"),
        (Decimal("0"), "progress", "0"),
        (Decimal("-2.0"), "percent", "\u22122%"),
        (None, "percent", ""),
    ],
)
def test_format_number(value, unit, expected):
    assert format_number(value, unit) == expected
