#!/usr/bin/env python3
"""Times scikit-learn on a problem written by bench/peers.ts (see glmnet_peer.R): lasso_path and LassoCV
with their default tolerance on the same alphas and folds. Writes sklearn-coef.bin (p × nAlphas,
column per alpha) and prints {"path": seconds, "cv": seconds} (medians). Debian's python3-sklearn."""
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.linear_model import LassoCV, lasso_path

d, n, p, runs = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
X = np.asfortranarray(np.fromfile(d / "X.bin", dtype=np.float64).reshape((p, n)).T)
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
folds = np.fromfile(d / "folds.bin", dtype=np.int32)
splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(folds.max() + 1)]


def timed(f, k):
    out = []
    for _ in range(k):
        t = time.perf_counter()
        f()
        out.append(time.perf_counter() - t)
    return statistics.median(out)


path = lambda: lasso_path(X, y, alphas=alphas)
path()
path_s = timed(path, runs)
cv_s = timed(lambda: LassoCV(alphas=alphas, cv=splits, fit_intercept=False).fit(X, y), max(1, runs // 2))
np.asarray(path()[1], dtype=np.float64).T.tofile(d / "sklearn-coef.bin")
print(json.dumps({"path": path_s, "cv": cv_s}))
