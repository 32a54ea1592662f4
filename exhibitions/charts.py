"""A bar chart drawn on the server as SVG: no script, no external library, readable offline."""

from dataclasses import dataclass

# Beyond this many years the chart would be unreadable; only years with data are drawn then.
MAX_SPAN = 30


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def value_y(self) -> float:
        return self.y - 5


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int
    baseline: float
    maximum: int

    @property
    def label_y(self) -> float:
        return self.baseline + 16


def yearly_bars(counts: dict[int, int], *, height: int = 200, width: int = 420, gap: int = 12) -> BarChart | None:
    """Bars for ``{year: count}``; the years between those with data are drawn empty, so gaps show."""
    if not counts:
        return None
    first, last = min(counts), max(counts)
    years = range(first, last + 1) if last - first < MAX_SPAN else sorted(counts)
    # Few years get wide bars (up to 64 units), many get narrow ones (down to 24) and a wider chart.
    bar_width = max(24, min(64, (width - gap) // len(years) - gap))
    maximum = max(counts.values()) or 1
    top, bottom = 20, 24  # room for the value above a bar and the year below the baseline
    plot = height - top - bottom
    bars = []
    for index, year in enumerate(years):
        value = counts.get(year, 0)
        bar_height = plot * value / maximum
        x = gap + index * (bar_width + gap)
        bars.append(Bar(str(year), value, x, round(top + plot - bar_height, 1), bar_width, round(bar_height, 1)))
    width = gap + len(bars) * (bar_width + gap)
    return BarChart(bars=bars, width=width, height=height, baseline=top + plot, maximum=maximum)
