"""Draw the raster versions of the logo: favicon.ico, the touch icon and the share image.

The SVGs in website/static/img/ are the source; Pillow cannot read SVG, so the same
three circles are drawn here. Run again after changing the logo:

    scripts/uv.sh run python scripts/brand_assets.py
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from website.demo.images import font  # noqa: E402

STATIC = BASE_DIR / "website" / "static"
DARK = (7, 63, 73)
PAPER = (244, 241, 234)
# (centre x, centre y, radius) on a 64-unit grid, colour with opacity; as in logo.svg.
CIRCLES = [
    ((23, 25, 15), (255, 191, 71, 255)),
    ((41, 25, 15), (159, 216, 223, 230)),
    ((32, 41, 15), (242, 140, 107, 224)),
    ((32, 30.5, 4.2), (255, 255, 255, 255)),
]


def mark(size, background=DARK, radius=14):
    """The logo mark at ``size`` pixels square, drawn four times larger and scaled down."""
    scale = size * 4 / 64
    canvas = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    if background:
        ImageDraw.Draw(canvas).rounded_rectangle(
            (0, 0, size * 4 - 1, size * 4 - 1), radius=radius * scale, fill=background
        )
    for (x, y, r), colour in CIRCLES:
        layer = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
        box = ((x - r) * scale, (y - r) * scale, (x + r) * scale, (y + r) * scale)
        ImageDraw.Draw(layer).ellipse(box, fill=colour)
        canvas = Image.alpha_composite(canvas, layer)
    return canvas.resize((size, size), Image.Resampling.LANCZOS)


def share_image():
    """1200×630, the size link previews (Open Graph) expect; a JPEG every app shows."""
    canvas = Image.new("RGBA", (1200, 630), DARK + (255,))
    canvas.alpha_composite(mark(300, background=None), (110, 165))
    draw = ImageDraw.Draw(canvas)
    draw.text((470, 205), "Samenspel", font=font(96), fill=(255, 255, 255))
    lines = ["Scholen, gemeenten en jeugdhulp", "leren van elkaar"]
    for index, line in enumerate(lines):
        draw.text((474, 335 + index * 52), line, font=font(36, bold=False), fill=PAPER)
    draw.rectangle((0, 600, 1200, 630), fill=(255, 191, 71))
    return canvas.convert("RGB")


def main():
    mark(256).save(STATIC / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    mark(180, radius=0).convert("RGB").save(STATIC / "img" / "apple-touch-icon.png")
    share_image().save(STATIC / "img" / "share.jpg", "JPEG", quality=85, optimize=True)


if __name__ == "__main__":
    main()
