#!/usr/bin/env Rscript
# glmnet on one cell written by bench/matrix.ts (a directory: X.bin column-major float64, y.bin,
# alphas.bin, folds.bin, best.bin — the tight objective per alpha — and cell.json), within a time
# budget in seconds: `Rscript glmnet_matrix.R <dir> <budget>`.
# thresh is calibrated to the loosest of 1e-6 … 1e-13 whose path reaches the target relative
# suboptimality at every alpha (or the last tried when the budget is spent: not reached), whose
# coefficients go to glmnet-coef.bin; then the path is timed (median of `runs`, where reached) and
# the line {"path", "thresh", "reached"} printed. Then, if the budget is not spent and the cell
# has a CV, cv.glmnet (one run) and the line {"cv"}.
# bench/matrix.ts kills the process past its budget and keeps the lines printed so far.
#
# glmnet scales y to unit mean square before solving (lambda with it), which leaves the ridge term
# of the Elastic Net divided by that scale (its FAQ: supply a standardized y to compare). So it is
# given y / sy with lambda and alpha chosen to solve the documented objective
# ½·mean((y − Xβ)²) + λ(a‖β‖₁ + ½(1 − a)‖β‖²) exactly, β = sy · b: λ' = λ(a / sy + 1 − a),
# alpha' = a / (a + sy(1 − a)). (For the Lasso that is λ / sy, what glmnet does itself.)
# Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; budget <- as.numeric(args[2])
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
reached <- FALSE
elapsed <- function() proc.time()[["elapsed"]] - start
for (t in c(1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13)) {
  chosen <- t
  B <- coefs(fit(t))
  if (subopt(B) <= cell$target) { reached <- TRUE; break }
  if (elapsed() > budget) break
}
writeBin(as.vector(B), file.path(dir, "glmnet-coef.bin"))
# Timed where it counts (a path short of the accuracy does not).
time_med <- function(f, k) median(replicate(k, system.time(f())[["elapsed"]]))
path_s <- if (reached) time_med(function() fit(chosen), cell$runs) else NA
cat(toJSON(list(path = path_s, thresh = chosen, reached = reached), auto_unbox = TRUE, digits = NA, na = "null"), "\n", sep = "")
flush(stdout())
# A solver that cannot reach the target does not count: its CV (the slowest part) is not timed;
# nor where the path alone spent the budget, or where the cell's CV is left out (cell.json's cv).
if (cell$cv && reached && elapsed() <= budget) {
  cv_s <- system.time(cv.glmnet(X, ys, lambda = lambda, alpha = alpha, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = chosen, maxit = 1e7))[["elapsed"]]
  cat(toJSON(list(cv = cv_s), auto_unbox = TRUE, digits = NA), "\n", sep = "")
}
