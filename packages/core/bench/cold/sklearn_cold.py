"""One fresh process of bench/coldStart.ts: importing scikit-learn, the first lasso_path and the
first LassoCV on the problem's alphas and folds (default tol), timed; prints JSON (seconds)."""
import json
import sys
import time
from pathlib import Path

import numpy as np

d, n, p = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
X = np.asfortranarray(np.fromfile(d / "X.bin", dtype=np.float64).reshape((p, n)).T)
y = np.fromfile(d / "y.bin", dtype=np.float64)
alphas = np.fromfile(d / "alphas.bin", dtype=np.float64)
folds = np.fromfile(d / "folds.bin", dtype=np.int32)
splits = [(np.where(folds != k)[0], np.where(folds == k)[0]) for k in range(folds.max() + 1)]
t = time.perf_counter()
from sklearn.linear_model import LassoCV, lasso_path  # noqa: E402

imp = time.perf_counter() - t
t = time.perf_counter()
lasso_path(X, y, alphas=alphas)
path = time.perf_counter() - t
t = time.perf_counter()
LassoCV(alphas=alphas, cv=splits, fit_intercept=False).fit(X, y)
cv = time.perf_counter() - t
print(json.dumps({"import": imp, "path": path, "cv": cv}))
