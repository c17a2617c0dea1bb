"""Small server-rendered SVG charts: they print, export and need no CDN. Pure Python.

Each chart is a function from rows to an SVG string; labels are escaped here,
so templates may mark the result safe.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from html import escape

PALETTE = ["#0b5cad", "#2f7fd0", "#5b9be0", "#8ab8ec", "#b7d3f4", "#d9e7f9"]


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    href: str = ""
    note: str = ""  # the formatted value shown at the end of the bar


def _fmt(value) -> str:
    return f"{value:,.0f}" if isinstance(value, Decimal) else f"{value:,}"


def bar_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    width: int = 640,
    bar_height: int = 22,
    label_width: int = 200,
    fmt: Callable = _fmt,
) -> str:
    """Horizontal bars, largest scale = the largest value; each bar may link to its records."""
    gap = 6
    top = 8
    height = top + len(bars) * (bar_height + gap) + 4
    largest = max((b.value for b in bars), default=0) or 1
    room = width - label_width - _note_room(bars)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, bar in enumerate(bars):
        y = top + i * (bar_height + gap)
        length = max(1, round(float(Decimal(bar.value) / Decimal(largest)) * room))
        note = bar.note or fmt(bar.value)
        row = (
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="12">{escape(_clip(bar.label))}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" '
            f'fill="{PALETTE[0]}" rx="3"><title>{escape(bar.label)}: {escape(note)}</title></rect>'
            f'<text x="{label_width + length + 6}" y="{y + bar_height * 0.7:.1f}" '
            f'font-size="12">{escape(note)}</text>'
        )
        if bar.href:
            row = f'<a href="{escape(bar.href)}">{row}</a>'
        parts.append(row)
    parts.append("</svg>")
    return "".join(parts)


def funnel_chart(
    steps: Sequence[Bar], *, title: str, width: int = 640, step_height: int = 40
) -> str:
    """A centred funnel: each step's width is proportional to its count."""
    gap = 4
    height = len(steps) * (step_height + gap)
    largest = max((s.value for s in steps), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, step in enumerate(steps):
        y = i * (step_height + gap)
        w = max(40, round(float(Decimal(step.value) / Decimal(largest)) * (width - 20)))
        x = (width - w) / 2
        colour = PALETTE[min(i, len(PALETTE) - 1)]
        text_colour = "#fff" if i < 3 else "#1b2430"
        note = step.note or _fmt(step.value)
        row = (
            f'<rect x="{x:.1f}" y="{y}" width="{w}" height="{step_height}" fill="{colour}" '
            f'rx="4"><title>{escape(step.label)}: {escape(note)}</title></rect>'
            f'<text x="{width / 2:.1f}" y="{y + step_height * 0.62:.1f}" text-anchor="middle" '
            f'font-size="14" fill="{text_colour}">{escape(step.label)} · {escape(note)}</text>'
        )
        if step.href:
            row = f'<a href="{escape(step.href)}">{row}</a>'
        parts.append(row)
    parts.append("</svg>")
    return "".join(parts)


def paired_bar_chart(
    rows: Sequence[tuple[str, Bar, Bar]],
    *,
    title: str,
    legend: tuple[str, str],
    width: int = 640,
    label_width: int = 120,
) -> str:
    """Two bars per label (e.g. planned and actual), one scale for all; a legend on top."""
    bar_height, gap, top = 14, 10, 26
    height = top + len(rows) * (2 * bar_height + gap) + 4
    largest = max((b.value for _, *pair in rows for b in pair), default=0) or 1
    room = width - label_width - _note_room([b for _, *pair in rows for b in pair])
    colours = (PALETTE[4], PALETTE[0])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (name, colour) in enumerate(zip(legend, colours, strict=True)):
        x = label_width + i * 160
        parts.append(
            f'<rect x="{x}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 16}" y="14" font-size="12">{escape(name)}</text>'
        )
    for i, (label, *pair) in enumerate(rows):
        y = top + i * (2 * bar_height + gap)
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height + 4}" text-anchor="end" '
            f'font-size="12">{escape(_clip(label))}</text>'
        )
        for j, (bar, colour) in enumerate(zip(pair, colours, strict=True)):
            by = y + j * bar_height
            length = round(float(Decimal(bar.value) / Decimal(largest)) * room)
            note = bar.note or _fmt(bar.value)
            row = (
                f'<rect x="{label_width}" y="{by}" width="{max(length, 1)}" '
                f'height="{bar_height - 2}" fill="{colour}" rx="2">'
                f"<title>{escape(label)} · {escape(legend[j])}: {escape(note)}</title></rect>"
                f'<text x="{label_width + length + 6}" y="{by + bar_height - 3}" '
                f'font-size="11">{escape(note)}</text>'
            )
            if bar.href:
                row = f'<a href="{escape(bar.href)}">{row}</a>'
            parts.append(row)
    parts.append("</svg>")
    return "".join(parts)


def _note_room(bars: Sequence[Bar]) -> int:
    """Width kept right of the bars for their notes (about 7 px a character at 12 px)."""
    longest = max((len(b.note or _fmt(b.value)) for b in bars), default=0)
    return max(110, 7 * longest + 12)


def _clip(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
