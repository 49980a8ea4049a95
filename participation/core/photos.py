"""Citizens' photos: accepted by content (not by name), size-limited, and
re-encoded as JPEG so EXIF data (GPS position, phone model) never gets stored."""
import io
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding
MAX_SIDE = 1600  # stored photos are resized to fit this box
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF"}


def clean_photo(upload) -> ContentFile:
    """A re-encoded JPEG of the uploaded image, or ValidationError in the user's language."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The photo is too large (at most 5 MB)."), code="too_large")
    try:
        with Image.open(upload) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise forms.ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."), code="not_image")
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise forms.ValidationError(_("The photo has too many pixels."), code="too_many_pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)  # no exif= : metadata is dropped
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise forms.ValidationError(_("This file is not a photo (JPEG, PNG or WebP)."), code="not_image")
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
