import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/gold.py is shared by tests and bench


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def sample_dataset(tmp_path_factory):
    """The five sample plans imported once (serially) for the tests of the outputs, report and review page."""
    from vnplan.batch import run_import
    from gold import PLAN_DIR

    out = tmp_path_factory.mktemp("sample") / "out"
    summary = run_import([str(PLAN_DIR)], out, workers=1)
    assert summary.read == 5 and not summary.failed
    return out
