#!/usr/bin/env python3
"""scikit-learn on one cell written by bench/matrix.ts (see glmnet_matrix.R), within a time budget
in seconds: `python3 sklearn_matrix.py <dir> <budget> [<tol to try first>]`. tol is calibrated to
the loosest of 1e-4 (its default), 1e-6, 1e-8 whose enet_path reaches the target relative
suboptimality at every alpha (or the tightest tried when the budget is spent: not reached), whose
coefficients go to sklearn-coef.bin; then enet_path is timed (median of `runs` samples, the chosen
calibration run's among them where it alone lasted 50 ms, fewer where the budget has no room) and
the line {"path", "tol", "reached"} printed. Then, if the budget is not spent and the cell has a
CV, LassoCV / ElasticNetCV (one sample) on the same alphas and folds and the line {"cv"}. A sample
is the mean of as many consecutive calls as last 50 ms, as bench/matrix.ts times lassokit.
bench/matrix.ts stops the process past its budget and keeps the lines printed so far.
Debian's python3-sklearn."""
import json
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import ElasticNetCV, LassoCV, enet_path

start = time.perf_counter()
d = Path(sys.argv[1])
budget = float(sys.argv[2])
hint = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-4
cell = json.loads((d / "cell.json").read_text())
n, p, a = cell["n"], cell["p"], cell["l1Ratio"]
X = np.asfortranarray(np.fromfile(d / "X.bin", dtype=np.float64).reshape((p, n)).T)
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
best = np.fromfile(d / "best.bin", dtype=np.float64)
folds = np.fromfile(d / "folds.bin", dtype=np.int32)
splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(folds.max() + 1)]


SAMPLE_SECONDS = 0.05


def calls_for(s):
    """Calls per sample after one call took s seconds."""
    return max(1, math.ceil(SAMPLE_SECONDS / max(s, 1e-6)))


def per_call(f, k):
    t = time.perf_counter()
    for _ in range(k):
        f()
    return (time.perf_counter() - t) / k


def sample_of(f):
    """One sample: a call, or where it was shorter than SAMPLE_SECONDS, the mean of a batch after it."""
    one = per_call(f, 1)
    return one if calls_for(one) == 1 else per_call(f, calls_for(one))


def path(tol):
    return enet_path(X, y, l1_ratio=a, alphas=alphas, tol=tol, max_iter=100000)[1]


def subopt(B):
    r = y[:, None] - X @ B
    obj = 0.5 * (r**2).mean(axis=0) + alphas * (a * np.abs(B).sum(axis=0) + 0.5 * (1 - a) * (B**2).sum(axis=0))
    return float(np.max((obj - best) / np.abs(best)))


LADDER = (1e-4, 1e-6, 1e-8)
tried = {}


def attempt(i):
    t = time.perf_counter()
    B = path(LADDER[i])
    s = time.perf_counter() - t
    tried[i] = {"B": B, "ok": subopt(B) <= cell["target"], "s": s, "first": not tried}
    return tried[i]["ok"]


def spent():
    return time.perf_counter() - start > budget


# Calibration starts at the hint (the tol an earlier cell of this shape chose) and walks to the
# loosest tol that reaches: looser while it reaches, tighter while it does not. Each attempt is
# timed; the chosen one's time is a sample of the path (unless it was the process's first solve).
i = min(range(len(LADDER)), key=lambda k: abs(np.log(LADDER[k] / hint)))
if attempt(i):
    while i > 0 and time.perf_counter() - start + tried[i]["s"] <= budget and attempt(i - 1):
        i -= 1
else:
    while i < len(LADDER) - 1 and not spent() and not attempt(i + 1):
        i += 1
    if not tried[i]["ok"] and i + 1 in tried:
        i += 1
reached = tried[i]["ok"]
chosen = LADDER[i]
np.asarray(tried[i]["B"], dtype=np.float64).T.tofile(d / "sklearn-coef.bin")
# Timed where it counts (a path short of the accuracy does not): `runs` samples, the calibration's
# own among them where it fills one, as many more as the budget leaves room for (at least one).
path_s = None
if reached:
    k = calls_for(tried[i]["s"])
    samples = [] if tried[i]["first"] or k > 1 else [tried[i]["s"]]
    while len(samples) < cell["runs"] and (not samples or time.perf_counter() - start + k * tried[i]["s"] <= budget):
        samples.append(per_call(lambda: path(chosen), k))
    path_s = statistics.median(samples)
print(json.dumps({"path": path_s, "tol": chosen, "reached": reached}), flush=True)
# A solver that cannot reach the target does not count: its CV (the slowest part) is not timed;
# nor where the path alone spent the budget, or where the cell's CV is left out (cell.json's cv).
if cell["cv"] and reached and time.perf_counter() - start <= budget:
    if a == 1:
        cv = LassoCV(alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000)
    else:
        cv = ElasticNetCV(l1_ratio=a, alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000)
    print(json.dumps({"cv": sample_of(lambda: cv.fit(X, y))}), flush=True)
