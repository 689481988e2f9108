#!/usr/bin/env python3
"""Writes bench/data/diabetes.json: scikit-learn's diabetes data (Efron et al. 2004, 442 x 10,
unscaled) for the benchmark's first problem, so benchmarks never need Python.
Run with Debian's python3-sklearn: /usr/bin/python3 scripts/diabetes_data.py"""
import json
from pathlib import Path

from sklearn.datasets import load_diabetes

d = load_diabetes(scaled=False)
out = Path(__file__).resolve().parent.parent / "bench" / "data" / "diabetes.json"
out.write_text(json.dumps({
    "source": "sklearn.datasets.load_diabetes(scaled=False); Efron, Hastie, Johnstone & Tibshirani (2004)",
    "features": list(d.feature_names),
    "rows": d.data.tolist(),
    "target": d.target.tolist(),
}, separators=(",", ":")) + "\n")
print(f"wrote {out} ({d.data.shape[0]} x {d.data.shape[1]})")
