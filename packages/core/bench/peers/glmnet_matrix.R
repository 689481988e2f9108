#!/usr/bin/env Rscript
# glmnet on one cell written by bench/matrix.ts (a directory: X.bin column-major float64, y.bin,
# alphas.bin, folds.bin, best.bin — the tight objective per alpha — and cell.json), within a time
# budget in seconds: `Rscript glmnet_matrix.R <dir> <budget> [<thresh to try first>]`.
# thresh is calibrated to the loosest of 1e-6 … 1e-13 whose path reaches the target relative
# suboptimality at every alpha (or the tightest tried when the budget is spent: not reached), whose
# coefficients go to glmnet-coef.bin; then the path is timed (median of `runs` samples, the chosen
# calibration run's among them where it alone lasted 50 ms, fewer where the budget has no room) and
# the line {"path", "thresh", "reached"} printed. Then, if the budget is not spent and the cell has
# a CV, cv.glmnet (one sample) and the line {"cv"}. A sample is the mean of as many consecutive
# calls as last 50 ms (R's clock ticks in milliseconds), as bench/matrix.ts times lassokit.
# bench/matrix.ts stops the process past its budget and keeps the lines printed so far.
#
# glmnet scales y to unit mean square before solving (lambda with it), which leaves the ridge term
# of the Elastic Net divided by that scale (its FAQ: supply a standardized y to compare). So it is
# given y / sy with lambda and alpha chosen to solve the documented objective
# ½·mean((y − Xβ)²) + λ(a‖β‖₁ + ½(1 − a)‖β‖²) exactly, β = sy · b: λ' = λ(a / sy + 1 − a),
# alpha' = a / (a + sy(1 − a)). (For the Lasso that is λ / sy, what glmnet does itself.)
# Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; budget <- as.numeric(args[2]); hint <- if (length(args) > 2) as.numeric(args[3]) else 1e-6
start <- proc.time()[["elapsed"]]
cell <- fromJSON(file.path(dir, "cell.json"))
n <- cell$n; p <- cell$p; a <- cell$l1Ratio
X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * p), n, p)
y <- readBin(file.path(dir, "y.bin"), "double", n)
alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
best <- readBin(file.path(dir, "best.bin"), "double", 1000)
folds <- readBin(file.path(dir, "folds.bin"), "integer", n) + 1L
sy <- sqrt(mean(y^2))
ys <- y / sy
lambda <- alphas * (a / sy + 1 - a)
alpha <- a / (a + sy * (1 - a))
fit <- function(thresh) glmnet(X, ys, lambda = lambda, alpha = alpha, standardize = FALSE, intercept = FALSE, thresh = thresh, maxit = 1e7)
coefs <- function(f) sy * as.matrix(f$beta)
subopt <- function(B) {
  r <- y - X %*% B
  obj <- 0.5 * colMeans(r^2) + alphas * (a * colSums(abs(B)) + 0.5 * (1 - a) * colSums(B^2))
  max((obj - best) / abs(best))
}
ladder <- c(1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13)
elapsed <- function() proc.time()[["elapsed"]] - start
# Calls per sample after one call took s seconds (a tick of the clock where it read 0).
calls_for <- function(s) max(1, ceiling(0.05 / max(s, 0.001)))
per_call <- function(f, k) system.time(for (r in seq_len(k)) f())[["elapsed"]] / k
# One sample: a call, or where it was shorter than 50 ms, the mean of a batch after it.
sample_of <- function(f) {
  one <- per_call(f, 1)
  if (calls_for(one) == 1) one else per_call(f, calls_for(one))
}
# Calibration starts at the hint (the setting an earlier cell of this shape chose) and walks to the
# loosest setting that reaches: looser while it reaches, tighter while it does not. Each attempt is
# timed; the chosen one's time is a sample of the path (unless it was the process's first solve).
tried <- list()
attempt <- function(i) {
  t0 <- proc.time()[["elapsed"]]
  f <- fit(ladder[i])
  s <- proc.time()[["elapsed"]] - t0
  B <- coefs(f)
  tried[[i]] <<- list(B = B, ok = subopt(B) <= cell$target, s = s, first = length(tried) == 0)
  tried[[i]]$ok
}
i <- max(1L, min(length(ladder), which.min(abs(log(ladder / hint)))))
if (attempt(i)) {
  while (i > 1 && elapsed() + tried[[i]]$s <= budget && attempt(i - 1)) i <- i - 1
} else {
  while (i < length(ladder) && elapsed() <= budget && !attempt(i + 1)) i <- i + 1
  if (!tried[[i]]$ok && length(tried) > i && !is.null(tried[[i + 1]])) i <- i + 1
}
reached <- tried[[i]]$ok
chosen <- ladder[i]
B <- tried[[i]]$B
writeBin(as.vector(B), file.path(dir, "glmnet-coef.bin"))
# Timed where it counts (a path short of the accuracy does not): `runs` samples, the calibration's
# own among them where it fills one, as many more as the budget leaves room for (at least one).
path_s <- NA
if (reached) {
  k <- calls_for(tried[[i]]$s)
  samples <- if (tried[[i]]$first || k > 1) c() else tried[[i]]$s
  while (length(samples) < cell$runs && (length(samples) == 0 || elapsed() + k * tried[[i]]$s <= budget)) samples <- c(samples, per_call(function() fit(chosen), k))
  path_s <- median(samples)
}
cat(toJSON(list(path = path_s, thresh = chosen, reached = reached), auto_unbox = TRUE, digits = NA, na = "null"), "\n", sep = "")
flush(stdout())
# A solver that cannot reach the target does not count: its CV (the slowest part) is not timed;
# nor where the path alone spent the budget, or where the cell's CV is left out (cell.json's cv).
if (cell$cv && reached && elapsed() <= budget) {
  cv_s <- sample_of(function() cv.glmnet(X, ys, lambda = lambda, alpha = alpha, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = chosen, maxit = 1e7))
  cat(toJSON(list(cv = cv_s), auto_unbox = TRUE, digits = NA), "\n", sep = "")
}
