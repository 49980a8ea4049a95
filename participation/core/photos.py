"""Citizens' photos: accepted by content (not by name), size-limited, and
re-encoded as JPEG so EXIF data (GPS position, phone model) never gets stored.

`probe_image` is the one check of an uploaded image's header, also used for the
images among supporting documents (participation.core.documents): a decompression
bomb (a tiny file declaring a huge picture) is refused from its header, before any
pixel is decoded, and Pillow's own DecompressionBombWarning is an error here, never
a warning that lets the decoding go on.
"""
import io
import uuid
import warnings

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # refuses decompression bombs before decoding
MAX_SIDE = 1600  # stored photos are resized to fit this box
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "HEIF"}

NOT_A_PHOTO = _("This file is not a photo (JPEG, PNG or WebP).")
TOO_MANY_PIXELS = _("The image is too large in pixels (at most 40 megapixels): send a smaller picture.")


class _NotAnImage(Exception):
    """Pillow could not read the file (its decoders raise many kinds of exceptions)."""


def _opened(upload):
    """Image.open on the upload from its start, a decompression bomb being an error (Pillow
    checks the size there, from the header). The warnings filter is process-wide: fine with
    the sync workers of deploy/gunicorn.conf.py, and it only turns this one warning into an error."""
    upload.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return Image.open(upload)


def probe_image(upload, formats=ACCEPTED_FORMATS, not_image_message=NOT_A_PHOTO) -> str:
    """The format of the uploaded image ("JPEG", "PNG"…) after checking its header: one of
    `formats`, at most MAX_PIXELS, structurally sound (Pillow's verify); ValidationError otherwise."""
    try:
        with _opened(upload) as probe:
            if probe.format not in formats:
                raise _NotAnImage
            width, height = probe.size
            if width * height > MAX_PIXELS:
                raise Image.DecompressionBombError
            probe.verify()
            return probe.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise forms.ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
    except Exception:  # UnidentifiedImageError, OSError, SyntaxError, struct.error… or _NotAnImage
        raise forms.ValidationError(not_image_message, code="not_image")
    finally:
        upload.seek(0)


def clean_photo(upload) -> ContentFile:
    """A re-encoded JPEG of the uploaded image, or ValidationError in the user's language."""
    if upload.size > MAX_BYTES:
        raise forms.ValidationError(_("The photo is too large (at most 5 MB)."), code="too_large")
    probe_image(upload)
    try:
        with _opened(upload) as image:
            image = ImageOps.exif_transpose(image).convert("RGB")
            image.thumbnail((MAX_SIDE, MAX_SIDE))
            out = io.BytesIO()
            image.save(out, format="JPEG", quality=82, optimize=True)  # no exif= : metadata is dropped
    except Exception:  # a header that verifies but pixels that do not decode
        raise forms.ValidationError(NOT_A_PHOTO, code="not_image")
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
