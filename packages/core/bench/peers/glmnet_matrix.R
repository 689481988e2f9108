#!/usr/bin/env Rscript
# glmnet on the cells written by bench/matrix.ts (one directory per cell: X.bin column-major
# float64, y.bin, alphas.bin, folds.bin, best.bin — the tight objective per alpha — and cell.json).
# Per cell: thresh calibrated to the loosest of 1e-6 … 1e-13 whose path reaches the target relative
# suboptimality at every alpha, then the path (median of `runs`) and cv.glmnet (one run) timed.
# Writes glmnet-coef.bin per cell; prints a JSON array of {path, cv, thresh}.
# Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
out <- lapply(commandArgs(trailingOnly = TRUE), function(dir) {
  cell <- fromJSON(file.path(dir, "cell.json"))
  n <- cell$n; p <- cell$p; a <- cell$l1Ratio
  X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * p), n, p)
  y <- readBin(file.path(dir, "y.bin"), "double", n)
  alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
  best <- readBin(file.path(dir, "best.bin"), "double", 1000)
  folds <- readBin(file.path(dir, "folds.bin"), "integer", n) + 1L
  fit <- function(thresh) glmnet(X, y, lambda = alphas, alpha = a, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7)
  subopt <- function(f) {
    B <- as.matrix(f$beta)
    r <- y - X %*% B
    obj <- 0.5 * colMeans(r^2) + alphas * (a * colSums(abs(B)) + 0.5 * (1 - a) * colSums(B^2))
    max((obj - best) / abs(best))
  }
  chosen <- 1e-13
  reached <- FALSE
  for (t in c(1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13)) if (subopt(fit(t)) <= cell$target) { chosen <- t; reached <- TRUE; break }
  time_med <- function(f, k) median(replicate(k, system.time(f())[["elapsed"]]))
  path_s <- time_med(function() fit(chosen), cell$runs)
  # A solver that cannot reach the target does not count: its CV is not timed (the slowest part).
  cv_s <- if (reached) system.time(cv.glmnet(X, y, lambda = alphas, alpha = a, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = chosen, maxit = 1e7))[["elapsed"]] else NA
  writeBin(as.vector(as.matrix(fit(chosen)$beta)), file.path(dir, "glmnet-coef.bin"))
  list(path = path_s, cv = cv_s, thresh = chosen)
})
cat(toJSON(out, auto_unbox = TRUE, digits = NA))
