"""evaluation.score(year=...) reads each records file once: the year's check (kind_year_counts) and the scoring
share one scope of shared reads, as evaluate() does (review45; a JupyterLab score(year=...) read a CSV twice)."""
from windoweval import evaluation
from windoweval.demo import tiny_data_dir
from windoweval.records import read as read_mod


def test_score_with_a_year_reads_the_csv_once(monkeypatch):
    d = tiny_data_dir()
    calls = []
    real = read_mod.load

    def counting(kind, *a, **k):
        calls.append(kind)
        return real(kind, *a, **k)

    monkeypatch.setattr(read_mod, "load", counting)
    card = evaluation.score("power_window", year=2025, data=d)
    assert calls.count("work_orders") == 1, calls
    assert card.other_year_counts        # the 2024 order is still said, counted from the same read
    assert len(card.results)


def test_score_without_a_year_still_scores(monkeypatch):
    d = tiny_data_dir()
    card = evaluation.score("power_window", data=d)
    assert len(card.results)
