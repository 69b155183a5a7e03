"""Photos for documents: shrunk and recompressed so a summary with a dozen phone photos
stays a few megabytes, and sized to fit the text block.

Uses Pillow (the only image library in the dependencies); a photo Pillow cannot read is
skipped by the caller with a note in the log, never a crash.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from docx.shared import Length, Mm
from PIL import Image, ImageOps

logger = logging.getLogger(__name__)

MAX_PIXELS = 1000  # longest side: about 160 dpi at 156 mm, enough for a printed summary
JPEG_QUALITY = 80
KEEP_AS_IS_BYTES = 300 * 1024  # small JPEG/PNG files are embedded unchanged
MAX_HEIGHT = Mm(90)  # two photos with their captions fit on one page (225 mm of text height)


@dataclass(frozen=True)
class PreparedPhoto:
    data: bytes
    width_px: int
    height_px: int

    def size_in(self, text_width: Length) -> tuple[Length, Length]:
        """Scaled to the text width, and no taller than :data:`MAX_HEIGHT`."""
        width = int(text_width)
        height = int(width * self.height_px / self.width_px)
        if height > MAX_HEIGHT:
            height = int(MAX_HEIGHT)
            width = int(height * self.width_px / self.height_px)
        return Length(width), Length(height)


def prepare_photo(path: Path) -> PreparedPhoto:
    """Read a stored photo, turn it upright (EXIF), shrink it and recompress it as JPEG."""
    raw = Path(path).read_bytes()
    with Image.open(io.BytesIO(raw)) as image:
        fmt = image.format
        if image.format == "JPEG":
            image.draft("RGB", (MAX_PIXELS, MAX_PIXELS))  # decode at reduced size: fast
        orientation = image.getexif().get(0x0112, 1)
        if (fmt in ("JPEG", "PNG") and len(raw) <= KEEP_AS_IS_BYTES and orientation == 1
                and max(image.size) <= MAX_PIXELS):
            return PreparedPhoto(raw, *image.size)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((MAX_PIXELS, MAX_PIXELS))
    out = io.BytesIO()
    upright.save(out, "JPEG", quality=JPEG_QUALITY)
    return PreparedPhoto(out.getvalue(), *upright.size)
