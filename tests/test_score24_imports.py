"""Session 24 (the score command): the demo's generators load only when the demo is needed — a command given
``--data`` never imports them (the house: the demo beside the core, imported from the edges; ``datadir`` imported
them on its first line, ~0.1 s of every command's start)."""
import subprocess
import sys


def test_the_program_and_its_commands_load_without_the_demo():
    code = ("import sys, windoweval.cli, windoweval.program, windoweval.datadir, windoweval.scoring; "
            "print(sorted(m for m in sys.modules if m == 'windoweval.demo' or m.startswith('windoweval.demo.')))")
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "[]"


def test_data_none_still_gets_the_demo():
    from windoweval import paths
    from windoweval.datadir import resolve

    assert resolve() == paths.DEMO_DIR and (resolve() / "windoweval.toml").exists()
