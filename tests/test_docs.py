"""The documents people read stay in step with the code."""
from windoweval import paths
from windoweval.records import contracts_markdown


def test_data_readme_documents_every_contract():
    text = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert contracts_markdown() in text, "data/README.md is out of date: regenerate its contracts section"


def test_readme_opens_with_the_two_commands():
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    blocks = text.split("```")
    first = blocks[1]
    assert "windoweval report" in first or "windoweval score" in first
    assert "pytest" in blocks[3]
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = [ln for ln in blocks[3].splitlines() if ln.strip() and not ln.startswith("#")][-1].strip()
    assert test_cmd in ci, ".ci/run must run the README's test command"


def test_readme_analyst_example_runs():
    """The README's JupyterLab example is real code: run it on the demo data."""
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("```python", 1)[1].split("```", 1)[0]
    ns: dict = {}
    exec(compile(block, "README.md", "exec"), ns)
    assert len(ns["card"].results) and ns["card"].results["verdict"].isin(["pass", "fail", "no_data", "open", "insufficient", "report"]).all()
    assert len(ns["ev"].ranking)


def test_usage_analyst_example_runs():
    """docs/usage.md's JupyterLab example is real code (a compact summary, the explained drill-down)."""
    text = (paths.ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    block = next(b.split("```", 1)[0] for b in text.split("```python")[1:] if "we.score(" in b)
    ns: dict = {}
    exec(compile(block, "docs/usage.md", "exec"), ns)
    assert len(repr(ns["card"])) < 3000 and len(ns["card"]._repr_html_()) < 20000
    assert len(repr(ns["ev"])) < 3000 and len(ns["ev"]._repr_html_()) < 20000


def test_survey_firm_installs_in_one_line():
    text = (paths.SURVEYS_DIR / "README.md").read_text(encoding="utf-8")
    line = next(ln for ln in text.splitlines() if "pip install" in ln)
    assert "windoweval survey template" in line and "&&" in line
    assert "windoweval survey check" in text
