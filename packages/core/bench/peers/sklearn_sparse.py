#!/usr/bin/env python3
"""scikit-learn on a sparse problem written by bench/sparse.ts (see glmnet_sparse.R). Mode `path`:
Lasso on the csc_matrix with its default tol (1e-4) and an intercept, warm-started down the grid (what
a path with an intercept on sparse X is in scikit-learn: lasso_path has no intercept); writes
sklearn-coef.bin, sklearn-a0.bin. Mode `cv`: LassoCV on the same grid and folds (foldid.bin, 1-based);
writes sklearn-cvm.bin (the plain mean of the fold errors). Prints {"seconds": s, "peakMB": max RSS}.
Debian's python3-sklearn."""
import json
import resource
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import Lasso, LassoCV
from sklearn.model_selection import PredefinedSplit

d, n, p, nnz, mode = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
cp = np.fromfile(d / "colPtr.bin", dtype=np.int32)
ri = np.fromfile(d / "rowIdx.bin", dtype=np.int32)
vs = np.fromfile(d / "values.bin", dtype=np.float64)
X = sp.csc_matrix((vs, ri, cp), shape=(n, p))
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
t = time.perf_counter()
if mode == "cv":
    folds = np.fromfile(d / "foldid.bin", dtype=np.int32)
    model = LassoCV(alphas=alphas, cv=PredefinedSplit(folds - 1), max_iter=100_000).fit(X, y)
    s = time.perf_counter() - t
    np.asarray(model.mse_path_.mean(axis=1), dtype=np.float64).tofile(d / "sklearn-cvm.bin")
else:
    coefs, a0 = [], []
    model = Lasso(warm_start=True, max_iter=100_000)
    for a in alphas:
        model.set_params(alpha=a)
        model.fit(X, y)
        coefs.append(model.coef_.copy())
        a0.append(model.intercept_)
    s = time.perf_counter() - t
    # One coefficient vector at a time: a stacked copy would add to the peak memory measured.
    with open(d / "sklearn-coef.bin", "wb") as f:
        for c in coefs:
            np.asarray(c, dtype=np.float64).tofile(f)
    np.asarray(a0, dtype=np.float64).tofile(d / "sklearn-a0.bin")
print(json.dumps({"seconds": s, "peakMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
