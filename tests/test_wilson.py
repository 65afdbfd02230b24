"""The scorecard's Wilson interval is statsmodels' and agrees with R."""
import numpy as np

from windoweval.scoring import wilson_interval


def test_wilson_interval_matches_r_prop_test():
    # R: for (x in list(c(0,10), c(10,10), c(9,10), c(3,7)))
    #        print(sprintf("%.10f", prop.test(x[1], x[2], correct = FALSE)$conf.int))
    r_lo = [0.0000000000, 0.7224672001, 0.5958499732, 0.1582198553]
    r_hi = [0.2775327999, 1.0000000000, 0.9821237869, 0.7495416355]
    lo, hi = wilson_interval([0, 10, 9, 3], [10, 10, 10, 7])
    np.testing.assert_allclose(lo, r_lo, atol=1e-9)
    np.testing.assert_allclose(hi, r_hi, atol=1e-9)


def test_wilson_interval_is_missing_without_evidence():
    lo, hi = wilson_interval([0, 1], [0, 2])
    assert np.isnan(lo[0]) and np.isnan(hi[0]) and 0 < lo[1] < 0.5 < hi[1] < 1


def test_wilson_interval_is_statsmodels_to_the_last_bit():
    # computed without statsmodels (scoring imports neither it nor scipy.stats): the same operations, the same floats
    from scipy import stats
    from statsmodels.stats.proportion import proportion_confint

    from windoweval.scoring import _Z_975

    assert _Z_975 == stats.norm.isf(0.025)
    n = np.concatenate([np.repeat(np.arange(1, 160), np.arange(2, 161)), [10**6] * 7, [2**40] * 3])
    met = np.concatenate([np.arange(k + 1) for k in range(1, 160)] + [[0, 1, 7, 500_000, 999_999, 10**6, 123_457],
                                                                    [0, 2**39, 2**40]])
    assert len(n) == len(met)
    for alpha in (0.05, 0.1, 0.01):
        lo, hi = wilson_interval(met, n, alpha=alpha)
        slo, shi = proportion_confint(met.astype(float), n.astype(float), alpha=alpha, method="wilson")
        assert np.array_equal(lo, np.clip(slo, 0, 1)) and np.array_equal(hi, np.clip(shi, 0, 1))


def test_scoring_imports_neither_statsmodels_nor_scipy_stats():
    import subprocess
    import sys

    code = ("import sys, tempfile, pandas as pd\n"
            "from windoweval.scoring import score\n"
            "from windoweval.records import validate\n"
            "from windoweval.records.workspace import Workspace\n"
            "ws = Workspace.from_dict({'name': 'x', 'windows': [{'id': 'PW01', 'name': 'a', 'kind': 'power_hall'}]})\n"
            "o = validate(pd.DataFrame({'order_id': ['1'], 'window_id': 'PW01', 'order_type': 'fault_repair',\n"
            "    'received_at': ['2025-06-01 18:00'], 'arrived_at': ['2025-06-01 18:20']}), 'work_orders')\n"
            "card = score('power_window', 2025, data=tempfile.mkdtemp(), workspace=ws, records={'work_orders': o})\n"
            "assert card.results['ci_low'].notna().any()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('statsmodels', 'scipy.stats'))))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", out
