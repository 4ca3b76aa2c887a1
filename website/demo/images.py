"""Calm, abstract demo images drawn with Pillow: a soft gradient, a few shapes, a label.

Nothing is downloaded; every image is drawn from its recipe, so the same recipe gives
the same picture (and the same file hash) on every machine.
"""

import functools
import hashlib
import math
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter, ImageFont
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

SIZE = (1200, 675)
# Where the shapes are (not the label): crops for cards and link previews keep them.
FOCAL_POINT = Rect(250, 80, 950, 520)
# DejaVu Sans, subset to Latin (see fonts/LICENSE.txt): every Dutch letter ("één",
# "ë", "‘") is drawn, the same on every machine.
FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FONT_BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"
FONT_REGULAR = FONTS_DIR / "DejaVuSans.ttf"

# Calm colour pairs (top-left, bottom-right) with an accent and a dark ink for the label.
PALETTES = {
    "groen": ((214, 234, 223), (120, 178, 158), (46, 125, 103), (20, 52, 44)),
    "blauw": ((221, 233, 245), (118, 160, 204), (39, 93, 150), (18, 40, 66)),
    "oranje": ((251, 233, 214), (236, 170, 120), (196, 98, 45), (70, 34, 14)),
    "paars": ((233, 226, 243), (160, 139, 199), (98, 72, 150), (40, 28, 64)),
    "zand": ((245, 238, 224), (207, 186, 146), (140, 110, 60), (54, 42, 22)),
}

# Words for the alt texts, so each description names what is actually drawn.
PALETTE_WORDS = {
    "groen": "zachtgroen",
    "blauw": "lichtblauw",
    "oranje": "warm oranje",
    "paars": "zachtpaars",
    "zand": "zandkleurig",
}
STYLE_WORDS = {
    "cirkels": "overlappende cirkels",
    "brug": "een boog die twee blokken verbindt",
    "blokken": "afgeronde bouwblokken",
    "golven": "rustige golvende lijnen",
    "netwerk": "punten die met lijnen verbonden zijn",
}


@dataclass(frozen=True)
class Recipe:
    key: str  # stable identifier, also the file name
    title: str  # title in the image library
    label: str  # the word(s) drawn on the image
    palette: str = "groen"
    style: str = "cirkels"

    @property
    def alt_text(self):
        return (
            f"Abstracte illustratie: {STYLE_WORDS[self.style]} op een "
            f"{PALETTE_WORDS[self.palette]} kleurverloop, met de tekst ‘{self.label}’."
        )


def _gradient(top_left, bottom_right):
    # A 2×2 mask stretched over the canvas gives a smooth diagonal blend.
    mask = PILImage.new("L", (2, 2))
    mask.putdata([0, 110, 145, 255])
    mask = mask.resize(SIZE, PILImage.Resampling.BILINEAR)
    start = PILImage.new("RGB", SIZE, top_left)
    end = PILImage.new("RGB", SIZE, bottom_right)
    return PILImage.composite(end, start, mask).convert("RGBA")


def _shapes(draw, style, accent, seed):
    width, height = SIZE

    def tint(alpha):
        return (*accent, alpha)

    light = (255, 255, 255, 90)
    if style == "cirkels":
        for index in range(5):
            radius = 120 + (seed * (index + 3)) % 110
            x = 260 + index * 170 + (seed * 7 * index) % 60
            y = 220 + (seed * 13 * (index + 1)) % 200
            fill = tint(70) if index % 2 else light
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=fill)
    elif style == "brug":
        draw.rounded_rectangle((140, 300, 360, 560), radius=28, fill=tint(110))
        draw.rounded_rectangle((840, 300, 1060, 560), radius=28, fill=tint(110))
        for offset in range(0, 36, 12):
            draw.arc((250, 120 + offset, 950, 720 + offset), 200, 340, fill=light, width=10)
        draw.rectangle((250, 300, 950, 318), fill=(255, 255, 255, 130))
    elif style == "blokken":
        for row in range(3):
            for column in range(6):
                if (row + column + seed) % 3 == 0:
                    continue
                x = 120 + column * 170
                y = 90 + row * 150
                fill = tint(60 + 20 * row) if (row + column) % 2 else light
                draw.rounded_rectangle((x, y, x + 140, y + 120), radius=24, fill=fill)
    elif style == "golven":
        for line in range(6):
            base = 140 + line * 70
            points = [
                (x, base + 38 * math.sin((x / 170.0) + line * 0.7 + seed))
                for x in range(-20, width + 40, 20)
            ]
            draw.line(points, fill=tint(70) if line % 2 else light, width=18, joint="curve")
    elif style == "netwerk":
        nodes = [
            (160 + (index * 211 + seed * 37) % 880, 90 + (index * 137 + seed * 53) % 380)
            for index in range(9)
        ]
        for index, (x, y) in enumerate(nodes):
            for other in nodes[index + 1 : index + 3]:
                draw.line((x, y, *other), fill=(255, 255, 255, 120), width=6)
        for index, (x, y) in enumerate(nodes):
            radius = 26 + (index * 11) % 22
            draw.ellipse(
                (x - radius, y - radius, x + radius, y + radius),
                fill=tint(150) if index % 3 else light,
            )
    else:
        raise ValueError(f"unknown style {style!r}")


def font(size, bold=True):
    return ImageFont.truetype(str(FONT_BOLD if bold else FONT_REGULAR), size=size)


@functools.lru_cache(maxsize=64)
def render(recipe):
    """The recipe as JPEG bytes (cached: the same recipe always gives the same picture)."""
    top_left, bottom_right, accent, ink = PALETTES[recipe.palette]
    seed = int(hashlib.sha256(recipe.key.encode()).hexdigest()[:6], 16) % 97
    canvas = _gradient(top_left, bottom_right)
    layer = PILImage.new("RGBA", SIZE, (0, 0, 0, 0))
    _shapes(ImageDraw.Draw(layer), recipe.style, accent, seed)
    canvas = PILImage.alpha_composite(canvas, layer.filter(ImageFilter.GaussianBlur(1.5)))

    draw = ImageDraw.Draw(canvas)
    label_font = font(44)
    label = recipe.label
    left, top, right, bottom = draw.textbbox((0, 0), label, font=label_font)
    box = (60, SIZE[1] - 60 - (bottom - top) - 44, 60 + (right - left) + 56, SIZE[1] - 60)
    draw.rounded_rectangle(box, radius=18, fill=(255, 255, 255, 235))
    draw.text((box[0] + 28 - left, box[1] + 22 - top), label, font=label_font, fill=ink)

    output = BytesIO()
    canvas.convert("RGB").save(output, "JPEG", quality=86, optimize=True)
    return output.getvalue()


def get_or_create_image(recipe, collection):
    """The library image with this recipe's title, drawn and stored when it is missing."""
    Image = get_image_model()
    image = Image.objects.filter(title=recipe.title).first()
    if image is not None:
        return image, False
    data = render(recipe)
    image = Image(
        title=recipe.title,
        description=recipe.alt_text,
        collection=collection,
        file=ImageFile(BytesIO(data), name=f"demo-{recipe.key}.jpg"),
        file_size=len(data),
        file_hash=hashlib.sha1(data, usedforsecurity=False).hexdigest(),
    )
    image.set_focal_point(FOCAL_POINT)
    image.save()
    return image, True
