"""environment.yml (conda) names the same dependencies as pyproject.toml (pip)."""
import re
import tomllib

import yaml

from windoweval import paths


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_matches_pyproject():
    py = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r): r for r in py["dependencies"] + py["optional-dependencies"]["test"]}
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda, pip = {}, {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for r in dep["pip"]:
                if not r.startswith("-e"):
                    pip[_name(r)] = r
        elif _name(dep) not in ("python", "pip"):
            conda[_name(dep)] = dep
    have = {**conda, **pip}
    have_norm = {k.replace("dask[dataframe]", "dask"): v for k, v in have.items()}
    missing = sorted(set(wanted) - set(have_norm))
    extra = sorted(set(have_norm) - set(wanted))
    assert not missing, f"environment.yml lacks {missing} (named in pyproject.toml)"
    assert not extra, f"environment.yml names {extra}, which pyproject.toml does not"
    for k, req in wanted.items():  # same lower bounds
        lo = re.search(r">=\s*([\d.]+)", req)
        if lo:
            assert f">={lo.group(1)}" in have_norm[k].replace(" ", ""), f"{k}: pyproject says {req}, environment.yml {have_norm[k]}"
