"""Page image cleaning, done once per page: grayscale that fades red seals, upscale, deskew, binarize."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from .. import limits

OCR_DPI = 300  # what pages are upscaled to when their own resolution is too low
# Tesseract `vie` reads 200-dpi office scans as well as their 300-dpi upscale (the scan fixtures'
# task-row figures) in three quarters of the time, so pages at this resolution or more are read
# at their own; lower ones (150 dpi) lose marks and are upscaled to OCR_DPI.
NATIVE_DPI = 180


GRAY_STRIP = 256  # rows of a page turned to gray at a time


def to_gray(image: Image.Image) -> Image.Image:
    """Grayscale in which red seals fade to paper while print under the seal stays black."""
    if image.mode not in ("RGB", "RGBA", "P", "CMYK"):
        return image.convert("L")
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    gray = np.array(rgb.convert("L"))  # ITU-R 601 luma, the weights 299/587/114
    # In reddish pixels the red channel alone is the print: seal ink is bright there, print under
    # the seal (and its blurred edges) stays dark, so diacritics crossed by the seal survive.
    # Done in strips of rows, each taken from the image on its own: a whole page's pixels as one
    # array (26 MB at 300 dpi), or its int16 bands (~100 MB), would be the largest thing a run holds.
    for top in range(0, rgb.height, GRAY_STRIP):
        block = np.asarray(rgb.crop((0, top, rgb.width, min(rgb.height, top + GRAY_STRIP)))).astype(np.int16)
        red = block[..., 0]
        reddish = red - np.maximum(block[..., 1], block[..., 2]) > 40
        gray[top:top + GRAY_STRIP][reddish] = red[reddish]
    return Image.fromarray(gray)


def otsu_threshold(image: Image.Image) -> int:
    """The gray level that best splits a mode 'L' image's pixels into ink and paper (Otsu)."""
    # PIL counts the 256 levels in C without widening every pixel to 64 bits as np.bincount does.
    histogram = np.asarray(image.histogram(), dtype=np.float64)
    total = image.width * image.height
    cumulative = np.cumsum(histogram)
    cumulative_mean = np.cumsum(histogram * np.arange(256))
    mean = cumulative_mean[-1] / total
    denominator = cumulative * (total - cumulative)
    between = np.zeros(256)
    # At the ends one class is empty; rounding would make 0/0 look like a huge score there.
    valid = denominator > 0
    between[valid] = (mean * cumulative[valid] - cumulative_mean[valid]) ** 2 / denominator[valid]
    return int(np.argmax(between))


def estimate_skew(gray: Image.Image, threshold: int, max_angle: float = 4.0) -> float:
    """Angle (degrees) that makes text rows sharpest: the variance of the row profile peaks.

    Measured on an 800-px copy of the ink (the pixels darker than `threshold`), by projecting its
    ink pixels' coordinates at each trial angle (rotating points, not the image: one histogram per
    angle)."""
    small = gray.point([255] * threshold + [0] * (256 - threshold))  # ink white on black
    scale = 800 / max(small.size)
    if scale < 1:
        small = small.resize((int(small.width * scale), int(small.height * scale)), Image.BILINEAR)
    pixels = np.asarray(small)
    ys, xs = np.nonzero(pixels)
    if not len(ys):
        return 0.0
    weights = pixels[ys, xs].astype(np.float64)
    ys = ys - pixels.shape[0] / 2
    xs = xs - pixels.shape[1] / 2
    span = int(np.hypot(*pixels.shape)) + 2

    def score(angle: float) -> float:
        # Where each ink pixel lands on the vertical axis once the image is turned `angle`
        # degrees counter-clockwise (Image.rotate's sense).
        theta = np.deg2rad(angle)
        rows = np.round(ys * np.cos(theta) - xs * np.sin(theta)).astype(np.int64) + span // 2
        profile = np.bincount(rows, weights=weights, minlength=span)
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
        factor = min(work / dpi, (limits.MAX_PIXELS / max(1, gray.width * gray.height)) ** 0.5)  # pixels capped
        gray = gray.resize((round(gray.width * factor), round(gray.height * factor)), Image.LANCZOS)
    # (the page is worked on as PIL images: numpy copies of it were the largest things a run held)
    angle = estimate_skew(gray, otsu_threshold(gray))
    if abs(angle) >= 0.1:
        # Bicubic, though it is the largest cost of a page besides Tesseract (0.07 s at 200 dpi):
        # bilinear costs a third of it, but the scan fixtures' task fields went 0.993 → 0.971 at
        # 200 dpi and 0.971 → 0.950 at 150 dpi with it (measured again for issue 16).
        gray = gray.rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    # A light blur before Otsu joins broken strokes and drops JPEG speckle.
    # Upscaled pages carry their scanner noise magnified, so the blur grows with the factor.
    smooth = gray.filter(ImageFilter.GaussianBlur(0.5 + 0.5 * factor))
    threshold = otsu_threshold(smooth)
    return smooth.point([0] * threshold + [255] * (256 - threshold)), work
