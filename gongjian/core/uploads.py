"""Checks of uploaded files (progress photos, payment vouchers, assessment evidence): the type is
found from the bytes, never from the name, and the size is bounded. Files are kept through Django's
storage API by the FileField that receives them."""

import zipfile

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
KIND_LABELS = {"jpg": "jpg", "png": "png", "pdf": "pdf", "docx": "docx", "xlsx": "xlsx"}


def upload_kind(file) -> str | None:
    """jpg, png, pdf, docx, xlsx or None, from the file's first bytes (and zip directory)."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names and "word/document.xml" in names:
            return "docx"
        if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
            return "xlsx"
    return None


def upload_size(file) -> int:
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    return size


def check_upload(file, *, field: str = "file", kinds=tuple(KIND_LABELS),
                 max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[str, int]:
    """(kind, size) of an acceptable upload, else ValidationError naming `field`."""
    size = upload_size(file)
    if size == 0:
        raise ValidationError({field: ["文件是空的"]})
    if size > max_bytes:
        raise ValidationError({field: [f"文件太大（{size / 1024 / 1024:.1f} MB），不能超过 "
                                       f"{max_bytes // (1024 * 1024)} MB"]})
    kind = upload_kind(file)
    if kind is None or kind not in kinds:
        raise ValidationError({field: [accepted_kinds_message(kinds)]})
    return kind, size


def accepted_kinds_message(kinds) -> str:
    """只接受照片（jpg、png）或 pdf、docx 文件 — plain words for what may be uploaded."""
    photos = [k for k in kinds if k in ("jpg", "png")]
    others = [k for k in kinds if k not in ("jpg", "png")]
    parts = []
    if photos:
        parts.append(f"照片（{'、'.join(photos)}）")
    if others:
        parts.append("、".join(others) + " 文件")
    return "只接受" + "或 ".join(parts)


def clean_filename(file, filename: str = "") -> str:
    name = (filename or getattr(file, "name", "") or "附件").strip().replace("\\", "/").split("/")[-1]
    return name[:200]
