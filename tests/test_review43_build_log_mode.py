"""review43: the build log opened without following a link (session 43) was created 0600 whatever the umask; before,
it got what the umask gives (0644 under umask 022), as the README says of every file the program writes ("gets what
the user's umask gives, never more"): a log shipper or an operator's account reading ``build-2025.log`` or a
``--log /var/log/windoweval/report.log`` the scheduler names lost it.  The mode is the umask's again, the link and
the pipe still refused."""
import os
import stat

import pytest

from windoweval.report.build import BuildError, _setup_log


def _mode_under(umask: int, path) -> int:
    old = os.umask(umask)
    try:
        h = _setup_log(path, follow_link=False)
    finally:
        os.umask(old)
    h.close()
    return stat.S_IMODE(path.stat().st_mode)


def test_the_build_log_gets_what_the_umask_gives(tmp_path):
    assert _mode_under(0o022, tmp_path / "build-2025.log") == 0o644
    assert _mode_under(0o077, tmp_path / "build-2026.log") == 0o600


def test_a_link_planted_as_the_default_log_is_still_refused(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "build-2025.log").symlink_to(victim)
    with pytest.raises(BuildError):
        _setup_log(tmp_path / "build-2025.log", follow_link=False)
    assert victim.read_text(encoding="utf-8") == "keep"
