"""The bundled power-hall instrument with a 0-10 recommendation item ("recommend") added: the survey tests' NPS
instrument, written once (survey44, survey44b and survey45 take it too since survey47; survey44b_delivery_scales and
survey45_item_tally keep their own two- and three-item 0-10 instruments)."""
from __future__ import annotations

import yaml

from windoweval.paths import INSTRUMENTS_DIR
from windoweval.survey.instrument import load_instrument

RAW = yaml.safe_load((INSTRUMENTS_DIR / "power_hall.yaml").read_text(encoding="utf-8"))
RAW["items"].append({"id": "recommend", "zh": "您向亲友推荐本营业厅的可能性有多大？",
                     "en": "How likely are you to recommend this hall?",
                     "scale": {"min": 0, "max": 10, "satisfied_min": 9,
                               "labels": {0: {"zh": "完全不可能", "en": "Not at all likely"},
                                          10: {"zh": "非常可能", "en": "Extremely likely"}}}})
INS = load_instrument(RAW)
