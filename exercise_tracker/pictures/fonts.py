"""The fonts pictures and reports are written in, with fallbacks so no script is dropped.

Noto Sans for Latin, Greek and Cyrillic, Noto Sans CJK for Chinese, Japanese and Korean, Noto
Color Emoji for emoji (Debian's fonts-noto-core, fonts-noto-cjk and fonts-noto-color-emoji, which
`scripts/ensure-fonts` installs); DejaVu Sans, which matplotlib ships, when they are missing.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/opentype/noto"))


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    bold_path: Path | None = None


def _matplotlib_fonts() -> Path:
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def _first(*names: str) -> Path | None:
    return next((d / n for n in names for d in FONT_DIRS if (d / n).is_file()), None)


@cache
def text_fonts() -> tuple[FontFile, ...]:
    """The main font first, then its fallbacks in the order they are tried."""
    fonts = []
    sans = _first("NotoSans-Regular.ttf")
    if sans is not None:
        fonts.append(FontFile("NotoSans", sans, _first("NotoSans-Bold.ttf")))
    dejavu = _matplotlib_fonts()
    fonts.append(FontFile("DejaVu", dejavu / "DejaVuSans.ttf", dejavu / "DejaVuSans-Bold.ttf"))
    cjk = _first("NotoSansCJK-Regular.ttc")
    if cjk is not None:
        fonts.append(FontFile("NotoSansCJK", cjk, _first("NotoSansCJK-Bold.ttc")))
    emoji = _first("NotoColorEmoji.ttf")
    if emoji is not None:
        fonts.append(FontFile("NotoColorEmoji", emoji))
    return tuple(fonts)


@cache
def pillow_font(size: int):
    """The main font for text drawn on frames (labels are short and Latin)."""
    from PIL import ImageFont

    return ImageFont.truetype(str(text_fonts()[0].path), size)


@cache
def matplotlib_families() -> list[str]:
    """Families for matplotlib's per-glyph fallback, registered once (colour emoji excepted:
    matplotlib draws outline fonts only)."""
    from matplotlib import font_manager

    names = []
    for font in text_fonts():
        if font.family == "NotoColorEmoji":
            continue
        for path in filter(None, (font.path, font.bold_path)):
            font_manager.fontManager.addfont(str(path))
        names.append(font_manager.FontProperties(fname=str(font.path)).get_name())
    return names
