"""Supporting documents citizens attach (an association's statutes, a mandate, a
scanned paper petition): accepted by content, not by name, size-limited, and
stored under a random name so a link cannot be guessed."""
import uuid

from django import forms
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 10 * 1024 * 1024
#: the first bytes of each accepted kind → the extension it is stored with
SIGNATURES = {b"%PDF-": "pdf", b"\xff\xd8\xff": "jpg", b"\x89PNG\r\n\x1a\n": "png"}


def clean_document(upload, max_bytes: int = MAX_BYTES) -> ContentFile:
    """The upload renamed after its real kind (PDF, JPEG or PNG), or ValidationError."""
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large (at most %(size)s MB).") % {"size": max_bytes // (1024 * 1024)}, code="too_large"
        )
    upload.seek(0)
    head = upload.read(8)
    extension = next((ext for magic, ext in SIGNATURES.items() if head.startswith(magic)), None)
    if extension is None:
        raise forms.ValidationError(_("This file is not a PDF document or a JPEG or PNG image."), code="bad_type")
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.{extension}")


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
