"""Charts drawn by the server as inline SVG (no script, no third-party service). Each is decorative next to the
table that holds its data (the page puts both in one ``<figure>``): the SVG has a short accessible name, the
numbers are read from the table."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

INK, BAR, GRID = "#161616", "#000091", "#929292"
WIDTH = 640
LABEL_WIDTH = 250
ROW = 26


def _svg(name: str, height: int, body: list[str]) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(name)}" '
        f'xmlns="http://www.w3.org/2000/svg" focusable="false">' + "".join(body) + "</svg>"
    )


def _short(label: str, size: int = 34) -> str:
    return label if len(label) <= size else label[: size - 1] + "…"


def bars(name: str, rows: Sequence[tuple[str, int]]) -> Markup:
    """Horizontal bars: one row per (label, value), the value written at the end of its bar."""
    top = max((value for _, value in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 50
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW
        length = round(span * value / top)
        body.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 17}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 5}" width="{max(length, 1)}" height="{ROW - 10}" fill="{BAR}"/>'
            f'<text x="{LABEL_WIDTH + length + 6}" y="{y + 17}" font-size="13" fill="{INK}">{value}</text>'
        )
    return _svg(name, max(len(rows), 1) * ROW + 4, body)


def columns(name: str, rows: Sequence[tuple[str, int]], every: int = 5) -> Markup:
    """Vertical bars (a time series): one column per (label, value), every ``every``-th label written below."""
    height, base, left = 220, 180, 40
    top = max((value for _, value in rows), default=0) or 1
    step = (WIDTH - left) / max(len(rows), 1)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{base - 150 + 4}" text-anchor="end" font-size="12" fill="{INK}">{top}</text>',
        f'<text x="{left - 6}" y="{base + 4}" text-anchor="end" font-size="12" fill="{INK}">0</text>',
    ]
    for index, (label, value) in enumerate(rows):
        x = left + index * step
        length = round(150 * value / top)
        if value:
            body.append(
                f'<rect x="{x + 2:.1f}" y="{base - length}" width="{step - 4:.1f}" height="{length}" fill="{BAR}"/>'
            )
        if index % every == 0 or index == len(rows) - 1:
            body.append(
                f'<text x="{x + step / 2:.1f}" y="{base + 18}" text-anchor="middle" font-size="12" '
                f'fill="{INK}">{escape(label)}</text>'
            )
    return _svg(name, height, body)
