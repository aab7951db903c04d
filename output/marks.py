"""Pages vnplan writes carry a generator mark, so that an import never reads them back as plans
(vnplan.batch.is_own_output looks for it, with the heads of the other exports)."""

from __future__ import annotations

GENERATOR_META = '<meta name="generator" content="vnplan">'
