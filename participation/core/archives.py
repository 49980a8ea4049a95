"""ZIP-based uploads (an XLSX workbook): checked from the archive's directory before any
member is decompressed, so a small file that expands to gigabytes (a zip bomb) is refused
instead of filling the server's memory.

The sizes a ZIP declares are enough: Python's zipfile never inflates a member beyond its
declared size, so a member that lies about it only fails its checksum.
"""
import io
import zipfile

MAX_MEMBERS = 1000
MAX_EXPANDED_BYTES = 25 * 1024 * 1024  # a workbook of a few thousand rows expands to a few megabytes


class UnsafeArchive(ValueError):
    """A ZIP archive that expands beyond the limits."""


class NotAnArchive(UnsafeArchive):
    """Not a readable ZIP archive at all."""


def check_zip(data: bytes, *, max_expanded: int = MAX_EXPANDED_BYTES, max_members: int = MAX_MEMBERS) -> None:
    """Raise UnsafeArchive unless `data` is a ZIP archive of at most `max_members` members that
    expand to at most `max_expanded` bytes in all."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise NotAnArchive(str(error)) from error
    if len(members) > max_members:
        raise UnsafeArchive(f"{len(members)} members")
    expanded = sum(member.file_size for member in members)
    if expanded > max_expanded:
        raise UnsafeArchive(f"expands to {expanded} bytes")
