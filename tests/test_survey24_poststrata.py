"""survey24 #4: post_stratify (and rake's joint cells) joined each row's post-stratum labels with a row-wise
``agg("\\x1f".join, axis=1)``, Python per row; now column by column (design._joined_labels).  Same labels, same
numbers; a post-stratum missing from the population is named as the people reading it write it ("D1, resident"),
no longer with the unit separator inside ('D1\\x1fresident')."""
import numpy as np
import pandas as pd
import pytest

from windoweval.survey import design as S


def _frame():
    rng = np.random.default_rng(24)
    n = 60
    return pd.DataFrame({"stratum": rng.choice(["D1", "D2"], n), "age": rng.choice([1, 2, 3], n),
                         "y": rng.normal(3, 1, n), "w": rng.uniform(1, 3, n)})


def test_labels_of_a_multi_column_stratification_are_pinned():
    f = _frame()
    got = S._joined_labels(f, ["stratum", "age"])
    assert got.tolist() == [f"{s}\x1f{a}" for s, a in zip(f["stratum"], f["age"])]
    assert got.index.equals(f.index)
    assert S._joined_labels(f, ["stratum"]).tolist() == f["stratum"].tolist()


def test_post_stratify_on_two_columns_meets_every_cell_total():
    f = _frame()
    pop = (f.groupby(["stratum", "age"]).size().rename("Freq").reset_index())
    pop["Freq"] = pop["Freq"] * 100 + np.arange(len(pop))
    d = S.post_stratify(S.svydesign(f, ids=None, strata=None, weights="w"), ["stratum", "age"], pop)
    sums = pd.Series(d.weights).groupby([f["stratum"].to_numpy(), f["age"].to_numpy()]).sum()
    want = pop.set_index(["stratum", "age"])["Freq"].astype(float)
    assert np.allclose(sums.to_numpy(), want.loc[sums.index].to_numpy(), rtol=0, atol=1e-9)


def test_a_post_stratum_missing_from_the_population_is_named_as_written():
    f = _frame()
    pop = f.groupby(["stratum", "age"]).size().rename("Freq").reset_index()
    pop = pop[~((pop["stratum"] == "D2") & (pop["age"] == 3))]
    with pytest.raises(S.DesignError) as e:
        S.post_stratify(S.svydesign(f, ids=None, strata=None, weights="w"), ["stratum", "age"], pop)
    msg = str(e.value)
    assert "'D2, 3'" in msg and "\x1f" not in msg       # before: ['D2\x1f3']
    assert msg.index("总体表") < msg.index("population")
