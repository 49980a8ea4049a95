"""Media of the demo communes, drawn at load time with Pillow (no binaries in git).

- a logo: a coloured emblem with the commune's initial;
- scene pictures for news and the home page: flat illustrations (hills, olive
  trees, buildings, people), deterministic for a given seed;
- official documents: one-page PDFs that look like a commune's letterhead.

Arabic text is drawn only when a font with Arabic glyphs and Pillow's complex
text layout (libraqm) are both available; otherwise the French line is drawn,
so the loader works on any machine.
"""
from __future__ import annotations

import functools
import io
import random
import re
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, features

#: Fonts known to hold Arabic glyphs, first found wins (Linux, macOS, Windows).
ARABIC_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/noto/NotoSansArabic-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
ARABIC_BOLD_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansArabic-Bold.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)


@functools.cache
def _font_path(bold: bool) -> str | None:
    for candidate in (ARABIC_BOLD_FONTS if bold else ()) + ARABIC_FONTS:
        if Path(candidate).is_file():
            return candidate
    return None


def can_draw_arabic() -> bool:
    return _font_path(False) is not None and features.check("raqm")


def _font(size: int, bold: bool = False) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    path = _font_path(bold)
    if path:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _hex(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def _mix(a, b, t: float) -> tuple[int, int, int]:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


# --- Logo ---------------------------------------------------------------------------


def logo_png(initial: str, latin: str, background: str, foreground: str, accent: str, size: int = 256) -> bytes:
    """A round emblem: a ring in the accent colour, an olive branch, the initial."""
    scale = 4  # draw large, then downsample: smooth edges without antialiasing support
    big = size * scale
    image = PILImage.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    bg, fg, ac = _hex(background), _hex(foreground), _hex(accent)
    draw.ellipse((0, 0, big - 1, big - 1), fill=ac)
    ring = big // 18
    draw.ellipse((ring, ring, big - ring - 1, big - ring - 1), fill=bg)
    inner = ring * 2
    draw.ellipse((inner, inner, big - inner - 1, big - inner - 1), outline=fg, width=max(2, big // 120))
    # two leaves under the initial
    cx, cy = big // 2, int(big * 0.74)
    leaf_w, leaf_h = big // 7, big // 16
    draw.ellipse((cx - leaf_w - big // 40, cy - leaf_h, cx - big // 40, cy + leaf_h), fill=_mix(fg, bg, 0.25))
    draw.ellipse((cx + big // 40, cy - leaf_h, cx + leaf_w + big // 40, cy + leaf_h), fill=_mix(fg, bg, 0.25))
    draw.line((cx, cy - leaf_h * 2, cx, cy + leaf_h * 2), fill=fg, width=max(2, big // 100))
    if can_draw_arabic():
        draw.text((cx, int(big * 0.42)), initial, font=_font(int(big * 0.42), bold=True), fill=fg, anchor="mm",
                  direction="rtl", language="ar")
    else:
        draw.text((cx, int(big * 0.42)), latin, font=_font(int(big * 0.3), bold=True), fill=fg, anchor="mm")
    image = image.resize((size, size), PILImage.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


# --- Scenes -------------------------------------------------------------------------

SCENE_PALETTES = {
    "day": ("#9fd3e6", "#e9f5f8", "#f2c14e"),
    "dusk": ("#f3a66b", "#fbe3c4", "#fff1c7"),
    "grey": ("#b9c6cf", "#eef1f3", "#f4f4f4"),
}


def _hills(draw, width, height, rng, base_y, colour, amplitude):
    points = [(0, height)]
    steps = 12
    for i in range(steps + 1):
        x = width * i / steps
        y = base_y + rng.uniform(-amplitude, amplitude)
        points.append((x, y))
    points.append((width, height))
    draw.polygon(points, fill=colour)


def _olive_tree(draw, x, y, r, leaf, trunk):
    draw.rectangle((x - r // 8, y, x + r // 8, y + r * 1.1), fill=trunk)
    for dx, dy, rr in ((-r * 0.5, -r * 0.1, r * 0.7), (r * 0.5, -r * 0.1, r * 0.7), (0, -r * 0.5, r * 0.8)):
        draw.ellipse((x + dx - rr, y + dy - rr, x + dx + rr, y + dy + rr), fill=leaf)


def _building(draw, x, y, w, h, wall, window, roof=None, crescent=None):
    draw.rectangle((x, y - h, x + w, y), fill=wall)
    if roof:
        draw.rectangle((x - 4, y - h - 10, x + w + 4, y - h), fill=roof)
    cols = max(1, int(w // 46))
    rows = max(1, int(h // 60))
    for c in range(cols):
        for r in range(rows):
            wx = x + 14 + c * (w - 28) / max(1, cols)
            wy = y - h + 16 + r * (h - 30) / max(1, rows)
            draw.rectangle((wx, wy, wx + 20, wy + 28), fill=window)
    if crescent:
        # a red crescent on a white sign above the entrance
        cx, cy, rr = x + w / 2, y - h - 50, 30
        draw.rectangle((cx - 46, cy - 40, cx + 46, cy + 40), fill=(255, 255, 255), outline=(200, 200, 200), width=2)
        draw.ellipse((cx - rr, cy - rr, cx + rr, cy + rr), fill=crescent)
        draw.ellipse((cx - rr + 14, cy - rr - 2, cx + rr + 14, cy + rr - 2), fill=(255, 255, 255))


def _person(draw, x, y, h, colour):
    head = h * 0.16
    draw.ellipse((x - head, y - h, x + head, y - h + head * 2), fill="#6b4f3a")
    draw.rounded_rectangle((x - h * 0.22, y - h + head * 2.1, x + h * 0.22, y), radius=int(h * 0.1), fill=colour)


def scene_jpeg(scene: str, seed: int, width: int = 1200, height: int = 675) -> bytes:
    """A flat illustration for a news article or the home page."""
    rng = random.Random(f"{scene}-{seed}")
    palette = {"meeting": "grey", "office": "grey", "cleanup": "dusk"}.get(scene, "day")
    sky, horizon, sun = (_hex(c) for c in SCENE_PALETTES[palette])
    image = PILImage.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for y in range(int(height * 0.7)):
        draw.line((0, y, width, y), fill=_mix(sky, horizon, y / (height * 0.7)))
    draw.ellipse((width * 0.78, height * 0.1, width * 0.78 + 110, height * 0.1 + 110), fill=sun)

    greens = [(96, 138, 84), (74, 117, 66), (120, 158, 96)]
    if scene in {"mountain", "road", "water"}:
        _hills(draw, width, height, rng, height * 0.35, (122, 128, 140), 70)
        _hills(draw, width, height, rng, height * 0.5, (150, 120, 96), 40)
    _hills(draw, width, height, rng, height * 0.6, greens[2], 25)
    _hills(draw, width, height, rng, height * 0.72, greens[0], 15)

    ground = int(height * 0.82)
    if scene in {"hills", "park", "mountain"}:
        for i in range(9 if scene != "mountain" else 5):
            x = int(width * (i + 0.5) / 9 + rng.uniform(-30, 30))
            _olive_tree(draw, x, ground - rng.randint(0, 40), rng.randint(34, 52), greens[1], (101, 78, 56))
    if scene in {"town", "clinic", "office", "meeting", "cleanup"}:
        x = 60
        while x < width - 120:
            w = rng.randint(130, 210)
            h = rng.randint(150, 300)
            wall = rng.choice([(236, 226, 205), (245, 238, 226), (222, 205, 180)])
            _building(draw, x, ground, w, h, wall, (88, 110, 128), roof=(176, 96, 64))
            x += w + rng.randint(20, 60)
    if scene == "clinic":
        _building(draw, width * 0.35, ground, 360, 260, (250, 250, 250), (120, 160, 190), roof=(40, 120, 160),
                  crescent=(200, 40, 40))
    if scene == "water":
        cx = width * 0.6
        draw.rectangle((cx - 10, ground - 260, cx + 10, ground), fill=(130, 130, 130))
        draw.ellipse((cx - 110, ground - 360, cx + 110, ground - 230), fill=(225, 232, 236), outline=(90, 110, 120), width=6)
    if scene == "road":
        draw.polygon([(width * 0.45, ground - 120), (width * 0.55, ground - 120), (width * 0.85, height), (width * 0.15, height)],
                     fill=(120, 112, 104))
        for i in range(6):
            y = ground - 100 + i * 45
            draw.rectangle((width / 2 - 4, y, width / 2 + 4, y + 22), fill=(240, 230, 160))
    draw.rectangle((0, ground, width, height), fill=(206, 188, 150) if scene != "park" else greens[2])
    if scene in {"meeting", "cleanup", "office", "park", "clinic"}:
        colours = [(11, 94, 69), (164, 71, 28), (29, 78, 137), (120, 60, 120), (200, 150, 40)]
        count = {"meeting": 11, "cleanup": 7, "office": 4}.get(scene, 5)
        for i in range(count):
            x = int(width * (i + 0.7) / (count + 0.6))
            _person(draw, x, height - rng.randint(20, 50), rng.randint(130, 170), rng.choice(colours))
    if scene == "meeting":
        for x in (width * 0.24, width * 0.76):
            draw.rectangle((x - 5, height * 0.5, x + 5, ground), fill=(90, 90, 90))
        board = (width * 0.2, height * 0.25, width * 0.8, height * 0.5)
        draw.rectangle(board, fill=(250, 250, 250), outline=(90, 90, 90), width=4)
        for i in range(4):
            y = height * 0.3 + i * 28
            draw.line((width * 0.25, y, width * (0.7 - 0.08 * i), y), fill=(11, 94, 69), width=8)
    if scene == "cleanup":
        for i in range(3):
            x = width * (0.15 + 0.3 * i)
            draw.rounded_rectangle((x, height - 150, x + 70, height - 30), radius=10, fill=(30, 120, 70))

    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=78, optimize=True, progressive=True)
    return buffer.getvalue()


# --- PDF documents ------------------------------------------------------------------


def _wrap(draw, text, font, max_width, **kwargs):
    """Greedy line wrapping measured with the font (works for RTL text with raqm)."""
    words, lines, current = text.split(), [], ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if draw.textlength(candidate, font=font, **kwargs) <= max_width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def document_pdf(**kwargs) -> bytes:
    """A one-page PDF of `document_page(**kwargs)`."""
    buffer = io.BytesIO()
    title = kwargs.get("title_fr") or kwargs.get("reference", "")
    document_page(**kwargs).save(buffer, "PDF", resolution=100.0, title=title, author=kwargs.get("commune_fr", ""))
    return buffer.getvalue()


def document_page(*, commune_ar: str, commune_fr: str, title_ar: str, title_fr: str, reference: str, date: str,
                  lines_ar: list[str], lines_fr: list[str], colour: str) -> PILImage.Image:
    """One A4 page (100 dpi, greyscale) with a letterhead, a title and a few paragraphs."""
    width, height = 827, 1169
    margin = 70
    image = PILImage.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    primary = _hex(colour)
    draw.rectangle((0, 0, width, 14), fill=primary)
    arabic = can_draw_arabic()
    rtl = {"direction": "rtl", "language": "ar"} if arabic else {}

    def line(y, text, size, *, bold=False, fill=(30, 30, 30), rtl_text=True, centre=False):
        font = _font(size, bold)
        kwargs = rtl if (rtl_text and arabic) else {}
        if centre:
            draw.text((width / 2, y), text, font=font, fill=fill, anchor="ma", **kwargs)
        elif kwargs:
            draw.text((width - margin, y), text, font=font, fill=fill, anchor="ra", **kwargs)
        else:
            draw.text((margin, y), text, font=font, fill=fill, anchor="la")
        return y + int(size * 1.6)

    y = 40
    if arabic:
        y = line(y, "المملكة المغربية", 20, bold=True, centre=True)
        y = line(y, commune_ar, 24, bold=True, fill=primary, centre=True)
    y = line(y, f"Royaume du Maroc — {commune_fr}", 16, rtl_text=False, centre=True, fill=(90, 90, 90))
    draw.line((margin, y + 6, width - margin, y + 6), fill=primary, width=3)
    y += 40
    if arabic:
        for text in _wrap(draw, title_ar, _font(28, True), width - 2 * margin, **rtl):
            y = line(y, text, 28, bold=True)
    for text in _wrap(draw, title_fr, _font(20, True), width - 2 * margin):
        y = line(y, text, 20, bold=True, rtl_text=False, fill=(70, 70, 70))
    y += 10
    meta = f"{reference} — {date}" if reference else date
    y = line(y, meta, 16, rtl_text=False, fill=(90, 90, 90))
    y += 20
    body = (lines_ar if arabic else []) or lines_fr
    font = _font(19)
    for paragraph in body:
        for text in _wrap(draw, paragraph, font, width - 2 * margin, **(rtl if arabic and body is lines_ar else {})):
            y = line(y, text, 19, rtl_text=body is lines_ar)
        y += 12
    if arabic and lines_fr:
        y += 10
        for paragraph in lines_fr:
            for text in _wrap(draw, paragraph, _font(16), width - 2 * margin):
                y = line(y, text, 16, rtl_text=False, fill=(70, 70, 70))
            y += 8
    footer = "وثيقة تجريبية لأغراض العرض فقط" if arabic else ""
    draw.line((margin, height - 90, width - margin, height - 90), fill=(200, 200, 200), width=1)
    if footer:
        line(height - 80, footer, 15, fill=(120, 120, 120), centre=True)
    line(height - 50, "Document de démonstration — Jamaa", 14, rtl_text=False, fill=(120, 120, 120), centre=True)

    return image.convert("L")


# --- Wagtail objects ----------------------------------------------------------------


def get_or_create_collection(name: str):
    """The commune's collection, a child of the root collection, found by name."""
    from wagtail.models import Collection

    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    if existing:
        return existing, False
    return root.add_child(name=name), True


def _find(model, collection, title: str, folder: str, filename: str):
    """A demo file of the collection, by title or, if staff renamed it, by its file name
    (which the storage may have suffixed with `_abc1234`)."""
    from django.db.models import Q

    stem, ext = re.escape(filename.rsplit(".", 1)[0]), re.escape(filename.rsplit(".", 1)[1])
    by_file = Q(file__regex=rf"^{folder}/{stem}(_[A-Za-z0-9]{{7}})?\.{ext}$")
    return model.objects.filter(Q(title=title) | by_file, collection=collection).order_by("pk").first()


def get_or_create_image(collection, title: str, filename: str, render):
    """An image of the collection; `render()` gives its bytes, called only when it is missing."""
    from wagtail.images import get_image_model

    Image = get_image_model()
    existing = _find(Image, collection, title, "original_images", filename)
    if existing:
        return existing, False
    image = Image(title=title, collection=collection, file=ImageFile(io.BytesIO(render()), name=filename))
    image._set_image_file_metadata()
    image.save()
    return image, True


def get_or_create_document(collection, title: str, filename: str, render):
    from wagtail.documents import get_document_model

    Document = get_document_model()
    existing = _find(Document, collection, title, "documents", filename)
    if existing:
        return existing, False
    document = Document(title=title, collection=collection, file=ContentFile(render(), name=filename))
    document._set_document_file_metadata()
    document.save()
    return document, True
