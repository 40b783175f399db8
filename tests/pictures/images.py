"""Checks that a picture is a real, non-blank PNG."""

import io

from PIL import Image, ImageStat


def decoded_png(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "PNG"
    image.load()
    return image


def assert_not_blank(image: Image.Image, min_variance: float = 50.0) -> None:
    """Drawn pictures vary; a blank or single-colour one has (almost) no variance."""
    variance = ImageStat.Stat(image.convert("L")).var[0]
    assert variance > min_variance, variance
