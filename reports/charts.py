"""Dashboard charts as reportlab drawings: rendered to SVG for the page, drawn as-is into the PDF.

One definition per chart, no JavaScript and no internet access needed.
"""

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from reports.pdf import FONT, _register_fonts

PALETTE = ["#b3261e", "#e8a33d", "#2e7d32", "#1d4f91", "#6a3d9a", "#00838f", "#8d6e63"]
ACCENT = colors.HexColor("#1d4f91")


def _drawing(width: float, height: float, title: str) -> Drawing:
    _register_fonts()
    drawing = Drawing(width, height)
    drawing.add(String(0, height - 12, title, fontName=FONT, fontSize=10, fillColor=colors.black))
    return drawing


def _short(label: str, length: int = 28) -> str:
    return label if len(label) <= length else label[: length - 1] + "…"


def phase_chart(phases: list[dict], title: str) -> Drawing:
    """Reviews per phase of the cycle."""
    drawing = _drawing(440, 200, title)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, 40, 390, 130
    chart.data = [[phase["count"] for phase in phases] or [0]]
    chart.categoryAxis.categoryNames = [_short(phase["label"], 18) for phase in phases]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = ACCENT
    drawing.add(chart)
    return drawing


def completion_chart(rows: list[dict], title: str, limit: int = 15) -> Drawing:
    """Percentage done per unit or per manager (the largest first)."""
    rows = rows[:limit]
    height = 40 + 16 * max(len(rows), 1)
    drawing = _drawing(440, height + 20, title)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 20, 270, height - 20
    chart.data = [[row["percent_done"] for row in reversed(rows)] or [0]]
    chart.categoryAxis.categoryNames = [_short(row["name"]) for row in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    chart.bars[0].fillColor = colors.HexColor("#2e7d32")
    drawing.add(chart)
    return drawing


def burndown_chart(points: list[dict], title: str) -> Drawing:
    """Reviews not yet final over time."""
    drawing = _drawing(440, 200, title)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 40, 30, 390, 140
    series = [(index, point["not_done"]) for index, point in enumerate(points)] or [(0, 0)]
    if len(series) == 1:
        series.append((1, series[0][1]))
    plot.data = [series]
    plot.lines[0].strokeColor = ACCENT
    plot.lines[0].strokeWidth = 1.5
    plot.xValueAxis.valueMin = 0
    plot.xValueAxis.labels.fontName = FONT
    plot.xValueAxis.labels.fontSize = 7
    if points:
        step = max(1, len(points) // 6)
        plot.xValueAxis.valueSteps = list(range(0, len(points), step))
        plot.xValueAxis.labelTextFormat = lambda index: (
            points[int(index)]["date"].strftime("%d-%m") if 0 <= int(index) < len(points) else ""
        )
    plot.yValueAxis.valueMin = 0
    plot.yValueAxis.labels.fontName = FONT
    drawing.add(plot)
    return drawing


def calibration_chart(
    calibration: dict, groups: str, title: str, organisation_label: str, limit: int = 12
) -> Drawing:
    """Share of each rating per unit or manager, the organisation's first, as stacked 100% bars."""
    scale = calibration["scale"]
    rows = [{"name": organisation_label, **calibration["organisation"]}, *calibration[groups][:limit]]
    height = 50 + 16 * len(rows)
    drawing = _drawing(440, height + 30, title)
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 150, 40, 270, height - 30
    chart.categoryAxis.style = "stacked"
    chart.data = [[row["percent"][option["label"]] for row in reversed(rows)] for option in scale]
    chart.categoryAxis.categoryNames = [_short(row["name"]) for row in reversed(rows)]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labels.fontName = FONT
    for index in range(len(scale)):
        chart.bars[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 150, 14
    legend.fontName, legend.fontSize = FONT, 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 6
    legend.deltax = 60
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[index % len(PALETTE)]), _short(option["label"], 14))
        for index, option in enumerate(scale)
    ]
    drawing.add(legend)
    return drawing


def to_svg(drawing: Drawing) -> str:
    """Inline SVG for the page (reportlab escapes the text it writes)."""
    svg = renderSVG.drawToString(drawing)
    return svg[svg.index("<svg") :]
