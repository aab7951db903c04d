"""Page image cleaning, done once per page: grayscale that fades red seals, upscale, deskew, binarize."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter, ImageOps

OCR_DPI = 300  # what pages are upscaled to when their own resolution is too low
# Tesseract `vie` reads 200-dpi office scans as well as their 300-dpi upscale (the scan fixtures'
# task-row figures) in three quarters of the time, so pages at this resolution or more are read
# at their own; lower ones (150 dpi) lose marks and are upscaled to OCR_DPI.
NATIVE_DPI = 180


def to_gray(image: Image.Image) -> Image.Image:
    """Grayscale in which red seals fade to paper while print under the seal stays black."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"), dtype=np.int32)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    gray = (299 * red + 587 * green + 114 * blue) // 1000
    redness = red - np.maximum(green, blue)
    # In reddish pixels the red channel alone is the print: seal ink is bright there, print under
    # the seal (and its blurred edges) stays dark, so diacritics crossed by the seal survive.
    reddish = redness > 40
    gray[reddish] = red[reddish]
    return Image.fromarray(gray.astype(np.uint8))


def otsu_threshold(pixels: np.ndarray) -> int:
    histogram = np.bincount(pixels.ravel(), minlength=256).astype(np.float64)
    total = pixels.size
    cumulative = np.cumsum(histogram)
    cumulative_mean = np.cumsum(histogram * np.arange(256))
    mean = cumulative_mean[-1] / total
    denominator = cumulative * (total - cumulative)
    between = np.zeros(256)
    # At the ends one class is empty; rounding would make 0/0 look like a huge score there.
    valid = denominator > 0
    between[valid] = (mean * cumulative[valid] - cumulative_mean[valid]) ** 2 / denominator[valid]
    return int(np.argmax(between))


def estimate_skew(ink: np.ndarray, max_angle: float = 4.0) -> float:
    """Angle (degrees) that makes text rows sharpest: the variance of the row profile peaks."""
    small = Image.fromarray((ink * 255).astype(np.uint8))
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)), Image.BILINEAR)

    def score(angle: float) -> float:
        rotated = np.asarray(small.rotate(angle, resample=Image.BILINEAR), dtype=np.float32)
        profile = rotated.sum(axis=1)
        return float(np.var(np.diff(profile)))

    best = max(np.arange(-max_angle, max_angle + 0.01, 0.5), key=score)
    fine = max(np.arange(best - 0.5, best + 0.51, 0.1), key=score)
    return float(fine)


def working_dpi(dpi: float) -> float:
    """The resolution a page is read at: its own, or OCR_DPI when its own is too low for the marks."""
    return dpi if dpi and dpi >= NATIVE_DPI else float(OCR_DPI)


def prepare(image: Image.Image, dpi: float) -> tuple[Image.Image, float]:
    """Upscale low resolutions, deskew, blur and binarize (Otsu): black ink on white, mode 'L', and
    the resolution of the result (every pixel measure downstream scales with it)."""
    gray = to_gray(ImageOps.exif_transpose(image))
    factor = 1.0
    work = working_dpi(dpi)
    if dpi and work > dpi:
        factor = work / dpi
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.LANCZOS)
    pixels = np.asarray(gray)
    ink = pixels < otsu_threshold(pixels)
    angle = estimate_skew(ink)
    if abs(angle) >= 0.1:
        gray = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    # A light blur before Otsu joins broken strokes and drops JPEG speckle.
    # Upscaled pages carry their scanner noise magnified, so the blur grows with the factor.
    smooth = np.asarray(gray.filter(ImageFilter.GaussianBlur(0.5 + 0.5 * factor)))
    binary = np.where(smooth < otsu_threshold(smooth), 0, 255).astype(np.uint8)
    return Image.fromarray(binary), work
