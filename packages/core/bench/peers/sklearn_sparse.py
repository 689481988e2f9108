#!/usr/bin/env python3
"""scikit-learn on a sparse problem written by bench/sparse.ts (see glmnet_sparse.R): Lasso on the
csc_matrix with its default tol (1e-4) and an intercept, warm-started down the grid (what a path with
an intercept on sparse X is in scikit-learn: lasso_path has no intercept). Writes sklearn-coef.bin,
sklearn-a0.bin and prints {"seconds": s}. Debian's python3-sklearn."""
import json
import sys
import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import Lasso

d, n, p, nnz = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
cp = np.fromfile(d / "colPtr.bin", dtype=np.int32)
ri = np.fromfile(d / "rowIdx.bin", dtype=np.int32)
vs = np.fromfile(d / "values.bin", dtype=np.float64)
X = sp.csc_matrix((vs, ri, cp), shape=(n, p))
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
coefs, a0 = [], []
t = time.perf_counter()
model = Lasso(warm_start=True, max_iter=100_000)
for a in alphas:
    model.set_params(alpha=a)
    model.fit(X, y)
    coefs.append(model.coef_.copy())
    a0.append(model.intercept_)
s = time.perf_counter() - t
np.asarray(coefs, dtype=np.float64).tofile(d / "sklearn-coef.bin")
np.asarray(a0, dtype=np.float64).tofile(d / "sklearn-a0.bin")
print(json.dumps({"seconds": s}))
