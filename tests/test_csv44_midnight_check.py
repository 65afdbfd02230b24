"""csv44: ``csvfast._no_midnight`` divides only the seconds that may lie at a midnight.  A midnight is a multiple of
86,400 = 2^7 x 675 seconds, so its low seven bits are zero (in two's complement, before 1970 too); only those few
values (one in 128 of times written to the second, one in 32 of whole minutes) are divided, where every typed
date-time's seconds were (``np.remainder`` over 40 M values at the demo x100: 0.12 s of the parse's 0.20 s of
writing nanoseconds).  The same answer on every array."""
import numpy as np

from windoweval.records import csvfast


def _slow(secs):
    return bool(np.remainder(secs, 86_400).all())


def test_the_same_answer_as_the_remainder_of_every_value():
    rng = np.random.default_rng(44)
    for trial in range(400):
        n = int(rng.integers(0, 3000))
        step = int(rng.choice([1, 60, 3600, 86_400, 128, 675]))
        secs = rng.integers(-3_000_000_000 // step, 5_000_000_000 // step, n).astype(np.int64) * step
        if trial % 3 == 0 and n:
            secs[rng.integers(0, n)] = int(rng.integers(-30_000, 60_000)) * 86_400   # a midnight somewhere
        if trial % 3 == 1:
            secs = secs + (np.remainder(secs, 86_400) == 0)   # none
        assert csvfast._no_midnight(secs) == _slow(secs), (trial, step)


def test_edges():
    for v in (0, 86_400, -86_400, 86_400 * 25_000, -86_400 * 25_000):
        assert not csvfast._no_midnight(np.array([1, v], dtype=np.int64))
    for v in (128, -128, 675, 86_400 - 128, 86_400 + 128, 43_200, -1, 1):
        assert csvfast._no_midnight(np.array([v, 5], dtype=np.int64))
    assert csvfast._no_midnight(np.array([], dtype=np.int64))


def test_only_the_candidates_are_divided(monkeypatch):
    sizes = []
    real = np.remainder

    class Np:
        def __getattr__(self, name):
            return getattr(np, name)

        @staticmethod
        def remainder(a, *rest, **kw):
            sizes.append(np.size(a))
            return real(a, *rest, **kw)

    monkeypatch.setattr(csvfast, "np", Np())
    secs = np.arange(1_700_006_401, 1_700_006_401 + 80_000, dtype=np.int64)   # every second of a day, no midnight
    assert csvfast._no_midnight(secs)
    assert sum(sizes) <= 700   # 625 of 80,000 may lie at a midnight (before: every one divided)
