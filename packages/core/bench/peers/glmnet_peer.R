#!/usr/bin/env Rscript
# Times glmnet on a problem written by bench/peers.ts: X.bin (column-major float64), y.bin,
# alphas.bin, folds.bin. Writes glmnet-coef.bin (p × nAlphas, column per alpha) and prints
# {"path": seconds, "cv": seconds} (medians). Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3]); runs <- as.integer(args[4]); thresh <- as.numeric(args[5])
X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * p), n, p)
y <- readBin(file.path(dir, "y.bin"), "double", n)
alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
folds <- readBin(file.path(dir, "folds.bin"), "integer", n) + 1L
fit <- function() glmnet(X, y, lambda = alphas, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7)
time_med <- function(f, k) median(replicate(k, system.time(f())[["elapsed"]]))
invisible(fit())
path_s <- time_med(fit, runs)
cv_s <- time_med(function() cv.glmnet(X, y, lambda = alphas, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7), max(1, runs %/% 2))
writeBin(as.vector(as.matrix(fit()$beta)), file.path(dir, "glmnet-coef.bin"))
cat(toJSON(list(path = path_s, cv = cv_s), auto_unbox = TRUE, digits = NA))
