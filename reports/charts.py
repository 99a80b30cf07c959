"""Charts drawn on the server as SVG: no script, and no ``style`` attribute (strict CSP);
colours come from classes (``static/css/reports.css``) and geometry from SVG presentation
attributes. Every value printed is escaped. Each chart has a ``<title>`` and the page puts
the same figures in a table next to it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import mark_safe

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 720, 220, 40, 24, 10


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    return ((value + step - 1) // step) * step


def _svg(body: list[str], title: str, height: int = HEIGHT) -> str:
    return mark_safe(  # noqa: S308 - built here, every text escaped
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _axis(peak: int, plot_h: int) -> list[str]:
    out = []
    for i in range(5):
        value = peak * i // 4
        y = PAD_TOP + plot_h - plot_h * i / 4
        out.append(
            f'<line class="chart-grid" x1="{PAD_LEFT}" x2="{WIDTH}" y1="{y:.1f}" y2="{y:.1f}"/>'
            f'<text class="chart-label" x="{PAD_LEFT - 4}" y="{y + 4:.1f}" '
            f'text-anchor="end">{value}</text>'
        )
    return out


def per_day(rows: list[dict], title: str) -> str:
    """Opened and solved bars per day, the backlog as a line."""
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    peak = _nice_max(max([max(r["opened"], r["solved"], r["backlog"]) for r in rows] + [1]))
    n = max(len(rows), 1)
    slot = (WIDTH - PAD_LEFT) / n
    bar = max(slot * 0.4, 0.5)
    body = _axis(peak, plot_h)
    points = []
    label_every = max(1, n // 8)
    for i, r in enumerate(rows):
        x = PAD_LEFT + i * slot
        for j, (key, cls) in enumerate((("opened", "bar-opened"), ("solved", "bar-solved"))):
            h = plot_h * r[key] / peak
            body.append(
                f'<rect class="{cls}" x="{x + j * bar:.2f}" y="{PAD_TOP + plot_h - h:.2f}" '
                f'width="{bar:.2f}" height="{h:.2f}"/>'
            )
        points.append(f"{x + slot / 2:.2f},{PAD_TOP + plot_h - plot_h * r['backlog'] / peak:.2f}")
        if i % label_every == 0:
            body.append(
                f'<text class="chart-label" x="{x:.2f}" y="{HEIGHT - 6}">'
                f"{escape(r['day'].strftime('%m-%d'))}</text>"
            )
    if points:
        body.append(f'<polyline class="line-backlog" fill="none" points="{" ".join(points)}"/>')
    return _svg(body, title)


def hbars(rows: list[tuple[str, int, int]], title: str) -> str:
    """Horizontal stacked bars: ``(label, good part, bad part)`` per row (SLA met/missed,
    backlog ages with ``bad`` 0)."""
    row_h, label_w = 26, 180
    height = max(row_h * len(rows) + 10, 40)
    peak = max([a + b for _l, a, b in rows] + [1])
    body = []
    for i, (label, a, b) in enumerate(rows):
        y = 5 + i * row_h
        wa = (WIDTH - label_w - 60) * a / peak
        wb = (WIDTH - label_w - 60) * b / peak
        body.append(
            f'<text class="chart-label" x="{label_w - 6}" y="{y + 16}" text-anchor="end">'
            f"{escape(label[:28])}</text>"
            f'<rect class="bar-good" x="{label_w}" y="{y}" width="{wa:.2f}" height="{row_h - 8}"/>'
            f'<rect class="bar-bad" x="{label_w + wa:.2f}" y="{y}" width="{wb:.2f}" '
            f'height="{row_h - 8}"/>'
            f'<text class="chart-label" x="{label_w + wa + wb + 6:.2f}" y="{y + 16}">'
            f"{a + b}</text>"
        )
    return _svg(body, title, height=height)
