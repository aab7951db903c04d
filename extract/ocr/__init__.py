"""OCR with Tesseract `vie`: image cleaning (image), ruling lines and cells (ruling), the Tesseract
wrapper (tesseract), one page → blocks (page), and the readers of scanned PDF pages and image files
(readers). Policy — which PDF pages need OCR — is `extract.quality.is_ocr_required`."""

from .page import PageRead, ocr_image, read_page
from .readers import left_out_warning, ocr_pdf_pages, read_image

__all__ = ["PageRead", "left_out_warning", "ocr_image", "ocr_pdf_pages", "read_image", "read_page"]
