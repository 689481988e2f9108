#!/usr/bin/env python3
"""scikit-learn on the cells written by bench/matrix.ts (see glmnet_matrix.R): per cell, tol
calibrated to the loosest of 1e-4 (its default), 1e-6, 1e-8 whose enet_path reaches the target relative
suboptimality at every alpha, then enet_path (median of `runs`) and LassoCV / ElasticNetCV (one
run) on the same alphas and folds. Writes sklearn-coef.bin per cell; prints a JSON array of
{path, cv, tol}. Debian's python3-sklearn."""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import ElasticNetCV, LassoCV, enet_path


def timed(f, k):
    out = []
    for _ in range(k):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


results = []
for arg in sys.argv[1:]:
    d = Path(arg)
    cell = json.loads((d / "cell.json").read_text())
    n, p, a = cell["n"], cell["p"], cell["l1Ratio"]
    X = np.asfortranarray(np.fromfile(d / "X.bin", dtype=np.float64).reshape((p, n)).T)
    y = np.fromfile(d / "y.bin", dtype=np.float64)
    alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
    best = np.fromfile(d / "best.bin", dtype=np.float64)
    folds = np.fromfile(d / "folds.bin", dtype=np.int32)
    splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(folds.max() + 1)]

    def path(tol):
        return enet_path(X, y, l1_ratio=a, alphas=alphas, tol=tol, max_iter=100000)[1]

    def subopt(B):
        r = y[:, None] - X @ B
        obj = 0.5 * (r**2).mean(axis=0) + alphas * (a * np.abs(B).sum(axis=0) + 0.5 * (1 - a) * (B**2).sum(axis=0))
        return float(np.max((obj - best) / np.abs(best)))

    chosen = 1e-8
    reached = False
    for tol in (1e-4, 1e-6, 1e-8):
        if subopt(path(tol)) <= cell["target"]:
            chosen = tol
            reached = True
            break
    path_s = timed(lambda: path(chosen), cell["runs"])
    if a == 1:
        cv = lambda: LassoCV(alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000).fit(X, y)
    else:
        cv = lambda: ElasticNetCV(l1_ratio=a, alphas=alphas, cv=splits, fit_intercept=False, tol=chosen, max_iter=100000).fit(X, y)
    # A solver that cannot reach the target does not count: its CV is not timed (the slowest part).
    cv_s = timed(cv, 1) if reached else None
    np.asarray(path(chosen), dtype=np.float64).T.tofile(d / "sklearn-coef.bin")
    results.append({"path": path_s, "cv": cv_s, "tol": chosen})
print(json.dumps(results))
