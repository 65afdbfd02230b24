"""The reference loop of linear calibration of a replicate design's weights (the code before survey22): a solve of the
normal equations per replicate, R's ``regcalibrate`` one step on each replicate in turn.  Kept once, here:
tests/test_survey22_calibrate.py checks :func:`windoweval.survey.design._linear_calibrated_reps` against it and
benchmarks/bench_survey22.py times it as the "before" (it puts tests/ on its path to import it)."""
import numpy as np


def per_replicate_calibration(A: np.ndarray, R: np.ndarray, T: np.ndarray) -> np.ndarray:
    """Each replicate's weights ``R[:, r]`` calibrated to the totals ``T`` of the model matrix ``A``, one solve per
    replicate: ``w_r (1 + A (A' diag(w_r) A)^-1 (T - A' w_r))``.

    Examples
    --------
    >>> A = np.array([[1.0, 0], [1, 1], [1, 0], [1, 1]])
    >>> per_replicate_calibration(A, np.ones((4, 2)), np.array([8.0, 4.0])).sum(axis=0).tolist()
    [8.0, 8.0]
    """
    out = np.empty_like(R)
    for r in range(R.shape[1]):
        wr = R[:, r]
        out[:, r] = wr * (1 + A @ np.linalg.solve(A.T @ (A * wr[:, None]), T - A.T @ wr))
    return out
