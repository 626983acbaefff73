"""Draws the app icons (a front page on the masthead colour) and writes them as PNG files.

Run once after changing the design: ``python -m broadsheet.web.pwa_icons``. The files are
committed; a test checks they still match this drawing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from broadsheet.lib.png import Pixel, encode_png

THEME_COLOR = "#9c2b0b"
BACKGROUND_COLOR = "#fdfcf9"
ICON_DIR = Path(__file__).parent / "static" / "web" / "icons"

_RED: Pixel = (0x9C, 0x2B, 0x0B, 255)
_PAPER: Pixel = (0xFD, 0xFC, 0xF9, 255)
_INK: Pixel = (0x1B, 0x1B, 0x1B, 255)
_GREY: Pixel = (0x8A, 0x86, 0x7E, 255)
_CLEAR: Pixel = (0, 0, 0, 0)


@dataclass(frozen=True)
class Icon:
    """One icon file: its size and whether it is maskable (full bleed, content in the safe zone)."""

    size: int
    maskable: bool = False

    @property
    def filename(self) -> str:
        return f"icon-{self.size}{'-maskable' if self.maskable else ''}.png"


ICONS = (Icon(48), Icon(180), Icon(192), Icon(512), Icon(192, True), Icon(512, True))


def _inside_rounded(x: float, y: float, box: tuple[float, float, float, float], r: float) -> bool:
    left, top, right, bottom = box
    if not (left <= x < right and top <= y < bottom):
        return False
    cx = min(max(x, left + r), right - r)
    cy = min(max(y, top + r), bottom - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def _page_pixel(u: float, v: float) -> Pixel | None:
    """The front page drawn in unit coordinates (0..1): headline bar, rule, columns of text."""
    if not (0.28 <= u < 0.72 and 0.24 <= v < 0.76):
        return None
    if 0.33 <= u < 0.67 and 0.30 <= v < 0.37:
        return _INK  # masthead
    if 0.33 <= u < 0.67 and 0.40 <= v < 0.415:
        return _RED  # rule under the masthead
    for top in (0.46, 0.53, 0.60, 0.67):
        in_line = top <= v < top + 0.035
        if in_line and (0.33 <= u < 0.485 or 0.515 <= u < 0.67):
            return _GREY  # two columns of text
    return _PAPER


def draw_icon(icon: Icon) -> list[list[Pixel]]:
    """The icon's pixels: a rounded red tile (full bleed when maskable) holding the page."""
    n = icon.size
    # Maskable icons are full bleed: the launcher crops them, at most to a circle of 80%,
    # which the page (corners 0.34 from the centre) always fits inside.
    radius = 0.0 if icon.maskable else 0.18
    rows = []
    for j in range(n):
        row = []
        for i in range(n):
            u, v = (i + 0.5) / n, (j + 0.5) / n
            if not _inside_rounded(u, v, (0, 0, 1, 1), radius):
                row.append(_CLEAR)
                continue
            page = _page_pixel(u, v)
            row.append(page or _RED)
        rows.append(row)
    return rows


def render_icon(icon: Icon) -> bytes:
    """The icon as PNG bytes."""
    return encode_png(draw_icon(icon))


def write_icons(directory: Path = ICON_DIR) -> list[Path]:
    """Write every icon file; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for icon in ICONS:
        path = directory / icon.filename
        path.write_bytes(render_icon(icon))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_icons():
        print(written)
