"""The comparison report and the review page: what they contain, and that a real browser (headless
Chromium) renders them offline with charts, no console error and no network request."""

import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from vnplan.cli import app
from vnplan.output.marks import GENERATOR_META
from gold import PLAN_DIR

runner = CliRunner()
SCREENSHOTS = Path(__file__).resolve().parents[1] / "out" / "screenshots"


@pytest.fixture(scope="module")
def report_page(sample_dataset, tmp_path_factory):
    page = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", str(sample_dataset), "--out", str(page)])
    assert result.exit_code == 0, result.output
    return page


@pytest.fixture(scope="module")
def review_page(sample_dataset, tmp_path_factory):
    """The review page of the OCR plan 003 (repaired), from the record its import kept."""
    page = tmp_path_factory.mktemp("review") / "003.html"
    result = runner.invoke(app, ["explain", str(PLAN_DIR / "003_78ef7b8a9b47c483.txt"), "--out", str(sample_dataset),
                                 "--html", str(page)])
    assert result.exit_code == 0, result.output
    return page


def test_report_has_a_chart_per_indicator_deadlines_owners_and_plans(report_page, sample_dataset):
    import pandas as pd

    html = report_page.read_text(encoding="utf-8")
    assert GENERATOR_META in html
    targets = pd.read_csv(sample_dataset / "targets.csv")
    indicators = set(targets.dropna(subset=["year"])["indicator"])
    for indicator in indicators:
        assert f"id='indicator-{indicator}'" in html
    assert html.count("<svg") == len(indicators) + 2  # + deadlines per quarter + tasks per lead unit
    for label in ("phường Hoài Hảo 2024", "xã Vĩnh Chấp 2023 (10/KH-UBND)", "xã Nguyên Giáp 2026-2030"):
        assert label in html
    assert "2024-Q1" in html and "van_phong" in html  # a quarter column, a unit code bar
    # offline: nothing is fetched (the only URLs are the SVG namespaces)
    assert not re.search(r"(src|href)=['\"]?(https?:)?//", html)


def test_review_page_is_vietnamese_with_contents_and_doubtful_values_first(review_page):
    html = review_page.read_text(encoding="utf-8")
    assert GENERATOR_META in html and "<html lang='vi'>" in html
    for label in ("Mục lục", "Cần kiểm tra trước", "Văn bản ghi", "vnplan hiểu là", "Thông tin văn bản"):
        assert label in html
    assert html.index("id='check'") < html.index("id='document'") < html.index("id='tasks'")
    # repaired words are marked with their original; a doubtful one is marked low
    assert re.search(r"<mark class='fix'[^>]*>NGUYÊN<span class='orig'>NGUYEN</span></mark>", html)
    assert "<mark class='fix low'" in html
    check = html[html.index("id='check'"):html.index("id='document'")]
    assert "Sửa lỗi chữ với độ tin cậy thấp" in check and "href='#task-" in check


def test_review_page_in_english(tmp_path):
    page = tmp_path / "p.html"
    result = runner.invoke(app, ["explain", str(PLAN_DIR / "004_be7d98821bed4f13.txt"), "--html", str(page),
                                 "--lang", "en", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "<html lang='en'>" in html and "Check first" in html and "As written" in html
    assert "Cần kiểm tra trước" not in html


def test_explain_shows_the_record_the_import_kept(sample_dataset, tmp_path, monkeypatch):
    # a plan the output folder's store holds (same bytes, same vnplan) is shown as imported: not read again
    import vnplan.pipeline

    def no_reading(*args, **kwargs):
        raise AssertionError("explain read the file again")

    monkeypatch.setattr(vnplan.pipeline, "read_plan", no_reading)
    page = tmp_path / "p.html"
    result = runner.invoke(app, ["explain", str(PLAN_DIR / "001_32a0243e7cf70bca.txt"), "--out", str(sample_dataset),
                                 "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "UBND xã Vĩnh Chấp" in page.read_text(encoding="utf-8")


# --- a real browser -------------------------------------------------------------------------------

def _chromium() -> str | None:
    return next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p), None)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install '.[test]')")
    executable = _chromium()
    if executable is None:
        pytest.skip("Chromium is not installed (scripts/system-deps.sh --test installs Debian's chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def _open(browser, path: Path, screenshot: str, height: int = 1100):
    """Open PATH from disk; returns the page, its console errors and every request it made."""
    page = browser.new_page(viewport={"width": 1200, "height": height})
    errors, requests = [], []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.resolve().as_uri(), wait_until="load")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / screenshot))
    return page, errors, [url for url in requests if url != path.resolve().as_uri()]


def test_chromium_renders_the_report_with_charts_offline(browser, report_page):
    page, errors, requests = _open(browser, report_page, "report.png")
    assert errors == [] and requests == []
    charts = page.locator("figure.chart svg")
    assert charts.count() >= 3
    box = charts.first.bounding_box()
    assert box["width"] > 300 and box["height"] > 100
    # the chart's text is text, drawn by the browser in Vietnamese
    assert "Hoài Hảo" in page.locator("figure.chart").first.inner_text() or \
        "Hoài Hảo" in page.locator("figure.chart").nth(1).inner_text()
    assert (SCREENSHOTS / "report.png").stat().st_size > 10_000
    # the chart the README shows (docs/report-chart.png is a copy of this one)
    page.locator("#indicator-online_application_rate").screenshot(path=str(SCREENSHOTS / "report-chart.png"))
    page.close()


def test_chromium_renders_the_review_page(browser, review_page):
    page, errors, requests = _open(browser, review_page, "review.png")
    assert errors == [] and requests == []
    assert page.locator("nav#toc a").count() >= 6
    assert page.locator("article.task").count() > 10
    assert page.locator("mark.fix .orig").first.is_visible()
    page.close()
