#!/usr/bin/env python3
"""scikit-learn on one cell written by bench/matrix.ts (see glmnet_matrix.R), within a time budget
in seconds: `python3 sklearn_matrix.py <dir> <budget>`. tol is calibrated to the loosest of 1e-4
(its default), 1e-6, 1e-8 whose enet_path reaches the target relative suboptimality at every alpha
(or the last tried when the budget is spent: not reached), whose coefficients go to
sklearn-coef.bin; then enet_path is timed (median of `runs`, where reached) and the line {"path",
"tol", "reached"} printed. Then, if the budget is not spent and the cell has a CV, LassoCV /
ElasticNetCV (one run) on the same alphas and folds and the line {"cv"}.
bench/matrix.ts kills the process past its budget and keeps the lines printed so far.
Debian's python3-sklearn."""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import ElasticNetCV, LassoCV, enet_path

start = time.perf_counter()
d = Path(sys.argv[1])
budget = float(sys.argv[2])
cell = json.loads((d / "cell.json").read_text())
n, p, a = cell["n"], cell["p"], cell["l1Ratio"]
X = np.asfortranarray(np.fromfile(d / "X.bin", dtype=np.float64).reshape((p, n)).T)
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
best = np.fromfile(d / "best.bin", dtype=np.float64)
folds = np.fromfile(d / "folds.bin", dtype=np.int32)
splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(folds.max() + 1)]


def timed(f, k):
    out = []
    for _ in range(k):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


def path(tol):
    return enet_path(X, y, l1_ratio=a, alphas=alphas, tol=tol, max_iter=100000)[1]


def subopt(B):
    r = y[:, None] - X @ B
    obj = 0.5 * (r**2).mean(axis=0) + alphas * (a * np.abs(B).sum(axis=0) + 0.5 * (1 - a) * (B**2).sum(axis=0))
    return float(np.max((obj - best) / np.abs(best)))


reached = False
for tol in (1e-4, 1e-6, 1e-8):
    chosen = tol
    B = path(tol)
    if subopt(B) <= cell["target"]:
        reached = True
        break
    if time.perf_counter() - start > budget:
        break
np.asarray(B, dtype=np.float64).T.tofile(d / "sklearn-coef.bin")
# Timed where it counts (a path short of the accuracy does not).
path_s = timed(lambda: path(chosen), cell["runs"]) if reached else None
print(json.dumps({"path": path_s, "tol": chosen, "reached": reached}), flush=True)
# A solver that cannot reach the target does not count: its CV (the slowest part) is not timed;
# nor where the path alone spent the budget, or where the cell's CV is left out (cell.json's cv).
if cell["cv"] and reached and time.perf_counter() - start <= budget:
    if a == 1:
        cv = LassoCV(alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000)
    else:
        cv = ElasticNetCV(l1_ratio=a, alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000)
    print(json.dumps({"cv": timed(lambda: cv.fit(X, y), 1)}), flush=True)
