"""Supporting documents citizens attach (an association's statutes, a mandate, a
scanned paper petition): accepted by content, not by name, size-limited, and
stored under a random name so a link cannot be guessed.

By content means more than the first bytes: an image is read by Pillow
(participation.core.photos.probe_image: sound, not a decompression bomb that would
freeze the browser of the staff member who opens it), a PDF must end like one, and
no document may start with markup a browser could take for a web page (a polyglot:
a file that is both a valid JPEG or PDF and HTML or SVG). Files are served back
with their own type and `nosniff` (stored_file_response) as a second line.
"""
import io
import re
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
#: the first bytes of each accepted kind → the extension it is stored with
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}
IMAGE_FORMATS = {"jpg": "JPEG", "png": "PNG"}
#: what browsers sniff as a web page in a file's first bytes (WHATWG MIME sniffing), and SVG
MARKUP = re.compile(rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|img|object|embed|style|title)[\s>/]", re.I)
SNIFFED_BYTES = 1024
PDF_END = b"%%EOF"
PDF_TAIL = 4096  # a PDF ends with %%EOF, possibly followed by a little padding

NOT_A_DOCUMENT = _("This file is not a PDF document or a JPEG or PNG image.")


def clean_document(upload, max_bytes: int = MAX_BYTES) -> ContentFile:
    """The upload renamed after its real kind (PDF, JPEG or PNG), or ValidationError."""
    from participation.core.photos import probe_image

    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": max_bytes // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    extension = next((ext for magic, ext in SIGNATURES.items() if data.startswith(magic)), None)
    if extension is None or len(data) > max_bytes or MARKUP.search(data[:SNIFFED_BYTES]):
        raise forms.ValidationError(NOT_A_DOCUMENT, code="bad_type")
    if extension == "pdf" and PDF_END not in data[-PDF_TAIL:]:
        raise forms.ValidationError(NOT_A_DOCUMENT, code="bad_type")
    if extension in IMAGE_FORMATS:
        probe_image(io.BytesIO(data), formats={IMAGE_FORMATS[extension]}, not_image_message=NOT_A_DOCUMENT)
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{extension}")


class DocumentField(forms.FileField):
    """A file field that runs clean_document (the browser's accept list is only a hint)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and value is not initial and hasattr(value, "size"):
            return clean_document(value)
        return value


def stored_file_response(file, download_name: str, *, as_attachment: bool = False):
    """A stored file (a petition's documents, an association's statutes, an answer file) to
    the person a view has allowed to see it: named by reference (never by the uploader's file
    name), never cached, never sniffed, 404 when the stored file is gone. Read through the
    storage (a local folder or a private S3 bucket alike), never handed out as the store's URL."""
    import mimetypes

    from django.http import FileResponse, Http404

    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except (FileNotFoundError, OSError, ValueError):
        raise Http404
    content_type = mimetypes.guess_type(download_name)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=as_attachment, filename=download_name, content_type=content_type)
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
