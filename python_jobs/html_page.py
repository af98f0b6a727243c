"""Self-contained HTML pages (inline CSS, inline SVG): readable with no network and no server."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

STATUS_COLOURS = {
    "HEALTHY": "#d8f0d8", "GREEN": "#d8f0d8", "OK": "#d8f0d8",
    "WARNING": "#fff2c2", "YELLOW": "#fff2c2", "DEGRADED": "#ffe0b8",
    "CRITICAL": "#f8d0d0", "RED": "#f8d0d0", "SLOW": "#f8d0d0", "FAILED": "#f8d0d0",
    "INCOMPLETE": "#e8e8e8", "NO_LINES": "#e8e8e8", "NO_DATA": "#e8e8e8", "LATE": "#f8d0d0",
    "LOW": "#d8f0d8", "MEDIUM": "#fff2c2", "HIGH": "#ffe0b8",
}

CSS = """
body { font-family: -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px auto; max-width: 1100px;
       color: #222; line-height: 1.4; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
.meta { color: #666; font-size: 13px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: right; }
th { background: #f4f4f4; } td.text, th.text { text-align: left; }
.note { color: #555; font-size: 13px; max-width: 900px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 8px 14px; min-width: 150px; }
.card .value { font-size: 22px; font-weight: bold; } .card .label { color: #666; font-size: 12px; }
svg.chart { display: block; margin: 8px 0; }
"""


def fmt(value: object, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        if value != value:  # NaN
            return "–"
        return f"{value:,.{digits}f}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, status_column: str | None = None,
          name: str = "") -> str:
    """An HTML table; cells of ``status_column`` are coloured by STATUS_COLOURS."""
    status_index = list(headers).index(status_column) if status_column in headers else -1
    out = [f'<table data-table="{html.escape(name)}"><tr>'
           + "".join(f"<th>{html.escape(h)}</th>" for h in headers) + "</tr>"]
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            text = html.escape(fmt(value))
            numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
            style = ""
            if i == status_index and str(value).upper() in STATUS_COLOURS:
                style = f' style="background:{STATUS_COLOURS[str(value).upper()]}"'
            cls = "" if numeric else ' class="text"'
            cells.append(f"<td{cls}{style}>{text}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    if not rows:
        out.append(f'<tr><td class="text" colspan="{len(headers)}">no rows</td></tr>')
    out.append("</table>")
    return "\n".join(out)


def cards(items: Sequence[tuple[str, str, str | None]]) -> str:
    """Headline figures: (label, value, status or None)."""
    parts = []
    for label, value, status in items:
        colour = STATUS_COLOURS.get((status or "").upper(), "#fff")
        parts.append(f'<div class="card" style="background:{colour}"><div class="value">{html.escape(value)}'
                     f'</div><div class="label">{html.escape(label)}</div></div>')
    return '<div class="cards">' + "".join(parts) + "</div>"


def page(title: str, subtitle: str, sections: Sequence[tuple[str, str]]) -> str:
    """A whole page: sections are (heading, inner HTML)."""
    body = [f"<h1>{html.escape(title)}</h1>", f'<p class="meta">{html.escape(subtitle)}</p>']
    for heading, inner in sections:
        body.append(f"<h2>{html.escape(heading)}</h2>")
        body.append(inner)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body>\n"
            + "\n".join(body) + "\n</body></html>\n")


def note(text: str) -> str:
    return f'<p class="note">{html.escape(text)}</p>'
