"""Thumbnails of uploaded photos (Pillow): turned upright by their EXIF orientation, shrunk to fit a
box, saved as JPEG without the original's metadata (no GPS position leaves the server in a thumbnail).
A photo of more than MAX_PIXELS (a decompression bomb, or a panorama no phone needs) is refused."""

from __future__ import annotations

import io

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

THUMB_BOX = (480, 480)
MAX_PIXELS = 60_000_000  # a 60-megapixel photo; phones take 12–50
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow refuses (DecompressionBombError) at twice this


def thumbnail_bytes(file, *, box: tuple[int, int] = THUMB_BOX, field: str = "file") -> bytes:
    """A JPEG thumbnail of the photo in `file` (read from its start; the position is restored)."""
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file) as image:
            if image.width * image.height > MAX_PIXELS:
                raise ValidationError({field: [f"照片太大（{image.width}×{image.height} 像素），请缩小后再上传"]})
            image = ImageOps.exif_transpose(image)
            image.thumbnail(box)
            if image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, "JPEG", quality=82, optimize=True)
            return out.getvalue()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError) as exc:
        if isinstance(exc, Image.DecompressionBombError):
            raise ValidationError({field: ["照片太大，请缩小后再上传"]}) from exc
        raise ValidationError({field: ["照片无法打开，文件可能已损坏"]}) from exc
    finally:
        if position is not None:
            file.seek(position)
