"""svytotal in a domain where nobody answered: total 0, SE 0, as R has it under every lonely-PSU rule (session 32;
under "average" the domain's count of strata had made the SE 0/0, NaN)."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey.design import svydesign, svytotal


@pytest.mark.parametrize("rule", ["average", "adjust", "remove", "certainty"])
def test_a_total_in_a_domain_without_answers(rule):
    # R 4.2.2 / survey 4.1.1:
    #   options(survey.lonely.psu = "average")
    #   d <- data.frame(st = c(1,1,1,2,2,3,3), psu = 1:7, w = c(2,3,4,5,6,7,8), y = c(1,2,3,4,5,NA,NA),
    #                   g = c("a","a","a","a","a","c","c"))
    #   svyby(~y, ~g, svydesign(ids = ~psu, strata = ~st, weights = ~w, data = d), svytotal, na.rm = TRUE)
    #   #   g  y      se
    #   # a a 70 13.2665
    #   # c c  0  0.0000
    d = pd.DataFrame({"st": [1, 1, 1, 2, 2, 3, 3], "psu": range(1, 8), "w": [2.0, 3, 4, 5, 6, 7, 8],
                      "y": [1.0, 2, 3, 4, 5, np.nan, np.nan], "g": ["a"] * 5 + ["c"] * 2})
    t = svytotal(svydesign(d, ids="psu", strata="st", weights="w", lonely_psu=rule), "y", by="g").set_index("g")
    assert t.loc["c", "total"] == 0 and t.loc["c", "se"] == 0
    assert t.loc["c", "ci_low"] == 0 and t.loc["c", "ci_high"] == 0
    assert t.loc["a", "total"] == 70 and t.loc["a", "se"] == pytest.approx(13.2664991614216, rel=1e-12)
