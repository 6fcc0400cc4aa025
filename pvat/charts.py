"""The one chart renderer: SVG made on the server, for pages and PDFs alike.

Charts are drawn with pygal and returned as SVG text ready to put inline in
HTML or in a WeasyPrint document. Each chart

- runs no JavaScript and loads nothing from outside: pygal's tooltip script
  and its configuration script are taken out of the tree;
- is an image with an accessible name and description (`role="img"`, a
  `<title>` and a `<desc>` that reads out every value), while the page shows
  the same figures as a table next to it;
- tells its series apart by line style and legend text as well as by
  colour, and uses colours with at least 3:1 contrast against white;
- scales with its container through its viewBox, with no fixed size.

A missing value (None: suppressed, not published or not recorded) leaves a
gap in the line. It is never drawn as zero.

All text reaches the SVG through ElementTree, which escapes it; that is what
makes it safe to mark the result as safe HTML.
"""

from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

WIDTH, HEIGHT = 640, 340
MINUS = "\u2212"

# Navy (10.9:1 on white) for the school, burnt orange (5.5:1) for national
# and dark teal (6.6:1) for a third series: each also differs by line style.
SERIES_COLOURS = ("#1d3f5e", "#a94f00", "#00695c")
SERIES_DASHES = (None, "8,5", "2,4")
TEXT_COLOUR = "#212529"
GRID_COLOUR = "#6c757d"
FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial'

CHART_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground=TEXT_COLOUR,
    foreground_strong=TEXT_COLOUR,
    foreground_subtle=GRID_COLOUR,
    guide_stroke_color=GRID_COLOUR,
    major_guide_stroke_color=GRID_COLOUR,
    font_family=f"{FONTS}, sans-serif",
    label_font_size=15,
    major_label_font_size=15,
    legend_font_size=15,
    value_font_size=14,
    tooltip_font_size=14,
    no_data_font_size=18,
    colors=SERIES_COLOURS,
    opacity="1",
    opacity_hover="1",
    stroke_opacity="1",
    stroke_opacity_hover="1",
    stroke_width="3",
    stroke_width_hover="3",
    transition="0s",
)

UNIT_SUFFIX = {"percent": "%"}
LEGEND_SAMPLE = 32
# What fits in half the chart's width at the legend's size, with its sample.
LEGEND_COLUMN_CHARACTERS = 26


def format_number(value, unit=""):
    """A figure as people read it: 62%, 7.1%, 104.5, +0.35 for a progress
    score; "" for None. Trailing zeros after the point are dropped."""
    if value is None:
        return ""
    number = Decimal(str(value)).quantize(Decimal("0.01"))
    text = f"{abs(number):f}".rstrip("0").rstrip(".")
    sign = MINUS if number < 0 else ("+" if unit == "progress" and number else "")
    return f"{sign}{text}{UNIT_SUFFIX.get(unit, '')}"


def trend_chart(*, title, years, series, unit, description=""):
    """A line chart of each series over the years, as safe SVG text.

    `years` are the labels along the bottom ("2023/24"); `series` is a list
    of (name, values) pairs, one value (or None) per year, drawn in order:
    the school first, then the national figure. `description` opens the
    chart's `<desc>`; the values of every series follow it.
    """
    chart = _line_chart(years, unit)
    chart.legend_at_bottom_columns = _legend_columns(series)
    chart.range = _value_range(series, unit)
    for index, (name, values) in enumerate(series):
        chart.add(name, [_plain(value) for value in values], **_series_look(index))
    summary = _summary(years, series, unit, description)
    chart.add_xml_filter(lambda root: _accessible(root, title, summary))
    return mark_safe(chart.render(is_unicode=True))  # noqa: S308 escaped by etree


def _line_chart(years, unit):
    return pygal.Line(
        style=CHART_STYLE,
        width=WIDTH,
        height=HEIGHT,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
        allow_interruptions=True,
        legend_at_bottom=True,
        truncate_legend=-1,
        truncate_label=-1,
        show_x_guides=False,
        # Four to seven labelled steps up the side, not one per unit.
        min_scale=4,
        max_scale=7,
        margin=16,
        # Room for the first and last year's label, centred on the edge.
        margin_left=36,
        margin_right=44,
        legend_box_size=LEGEND_SAMPLE,
        spacing=12,
        x_labels=list(years),
        value_formatter=lambda value: format_number(value, unit),
        classes=["pvat-chart"],
        print_values=False,
        no_data_text="No figures",
    )


def _value_range(series, unit):
    """A range with some room above and below the values, so no point sits
    on the frame; None (pygal's own) when there is nothing to draw."""
    values = [float(value) for _, row in series for value in row if value is not None]
    if not values:
        return None
    low, high = min(values), max(values)
    room = (high - low) * 0.2 or max(abs(high) * 0.1, 1)
    # Percentages of a whole stay within 0 to 100; a balance as a % of
    # income can fall below zero, and then the range follows it.
    if unit == "percent" and low >= 0:
        low = max(low - room, 0)
    else:
        low -= room
    if unit == "percent" and high <= 100:
        high = min(high + room, 100)
    else:
        high += room
    return (low, high)


def _legend_columns(series):
    """Side by side when every name fits in half the width; one under the
    other when a long school name would run into the next."""
    longest = max((len(name) for name, _ in series), default=0)
    return 2 if longest <= LEGEND_COLUMN_CHARACTERS else 1


def _series_look(index):
    dashes = SERIES_DASHES[index % len(SERIES_DASHES)]
    look = {"dots_size": 5 if index == 0 else 4, "stroke_style": {"width": 3}}
    if dashes:
        look["stroke_style"]["dasharray"] = dashes
    return look


def _plain(value):
    return None if value is None else float(value)


def _summary(years, series, unit, description):
    parts = [description.strip()] if description else []
    for name, values in series:
        figures = ", ".join(
            f"{year} {format_number(value, unit) or 'no figure'}"
            for year, value in zip(years, values, strict=True)
        )
        parts.append(f"{name}: {figures}.")
    return " ".join(parts)


def _accessible(root, title, summary):
    """Name and describe the chart, and take out what needs JavaScript or
    would clash when several charts share a page. Works on pygal's tree
    whether it was built with xml.etree or lxml."""
    chart_id = root.get("id")
    _remove_scripts_and_comments(root)
    for legend in _with_class(root, "legend"):
        del legend.attrib["id"]
        _legend_sample(legend)
    title_node = next(child for child in root if _name(child) == "title")
    title_node.text = title
    title_node.set("id", f"{chart_id}-title")
    description = root.makeelement(title_node.tag.replace("title", "desc"), {})
    description.text = summary
    description.set("id", f"{chart_id}-desc")
    root.insert(list(root).index(title_node) + 1, description)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-title")
    root.set("aria-describedby", f"{chart_id}-desc")
    return root


def _legend_sample(legend):
    """Draw a short stretch of the series' line, dashes and all, in place of
    the coloured square, so the key does not rest on colour alone."""
    box = next(child for child in legend if _name(child) == "rect")
    index = int(box.get("class").split()[0].removeprefix("color-"))
    x, y = float(box.get("x")), float(box.get("y")) + LEGEND_SAMPLE / 2
    line = legend.makeelement(box.tag.replace("rect", "path"), {})
    line.set("d", f"M{x} {y} h{LEGEND_SAMPLE}")
    line.set("class", f"color-{index} line nofill")
    line.set("stroke-width", "3")
    dashes = SERIES_DASHES[index % len(SERIES_DASHES)]
    if dashes:
        line.set("stroke-dasharray", dashes)
    dot = legend.makeelement(box.tag.replace("rect", "circle"), {})
    dot.set("cx", str(x + LEGEND_SAMPLE / 2))
    dot.set("cy", str(y))
    dot.set("r", "5" if index == 0 else "4")
    dot.set("class", f"color-{index}")
    position = list(legend).index(box)
    legend.remove(box)
    legend.insert(position, line)
    legend.insert(position + 1, dot)


def _with_class(root, class_name):
    return [
        element
        for element in root.iter()
        if class_name in (element.get("class") or "").split()
    ]


def _remove_scripts_and_comments(root):
    for parent in list(root.iter()):
        for child in list(parent):
            if _name(child) in ("", "script"):
                parent.remove(child)


def _name(element):
    """The element's local name; "" for a comment or processing instruction."""
    if not isinstance(element.tag, str):
        return ""
    return element.tag.rsplit("}", 1)[-1]
