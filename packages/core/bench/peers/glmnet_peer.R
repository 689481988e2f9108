#!/usr/bin/env Rscript
# glmnet on a problem written by bench/peers.ts: X.bin (column-major float64), y.bin, alphas.bin,
# folds.bin. Two modes:
#   calibrate <thresh...>  fits once per thresh, writes glmnet-coef-<i>.bin (p × nAlphas each)
#   time <runs> <thresh>   writes glmnet-coef.bin and prints {"path": s, "cv": s} (medians)
# Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3]); mode <- args[4]
X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * p), n, p)
y <- readBin(file.path(dir, "y.bin"), "double", n)
alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
folds <- readBin(file.path(dir, "folds.bin"), "integer", n) + 1L
fit <- function(thresh) glmnet(X, y, lambda = alphas, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7)
if (mode == "calibrate") {
  threshes <- as.numeric(args[-(1:4)])
  for (i in seq_along(threshes)) writeBin(as.vector(as.matrix(fit(threshes[i])$beta)), file.path(dir, sprintf("glmnet-coef-%d.bin", i - 1)))
  cat("{}")
} else {
  runs <- as.integer(args[5]); thresh <- as.numeric(args[6])
  time_med <- function(f, k) median(replicate(k, system.time(f())[["elapsed"]]))
  invisible(fit(thresh))
  path_s <- time_med(function() fit(thresh), runs)
  cv_s <- time_med(function() cv.glmnet(X, y, lambda = alphas, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7), max(1, runs %/% 2))
  writeBin(as.vector(as.matrix(fit(thresh)$beta)), file.path(dir, "glmnet-coef.bin"))
  cat(toJSON(list(path = path_s, cv = cv_s), auto_unbox = TRUE, digits = NA))
}
