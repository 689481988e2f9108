# One fresh process of bench/coldStart.ts: library(glmnet), the first glmnet path and the first
# cv.glmnet on the problem's alphas and folds (thresh 1e-7), timed; prints JSON (seconds).
t0 <- proc.time()[["elapsed"]]
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3])
X <- matrix(readBin(file.path(dir, "X.bin"), "double", n * p), n, p)
y <- readBin(file.path(dir, "y.bin"), "double", n)
alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
folds <- readBin(file.path(dir, "folds.bin"), "integer", n) + 1L
clock <- function() proc.time()[["elapsed"]]
t <- clock(); suppressPackageStartupMessages(library(glmnet)); imp <- clock() - t
t <- clock(); invisible(glmnet(X, y, lambda = alphas, standardize = FALSE, intercept = FALSE, thresh = 1e-7)); path <- clock() - t
t <- clock(); invisible(cv.glmnet(X, y, lambda = alphas, foldid = folds, standardize = FALSE, intercept = FALSE, thresh = 1e-7)); cv <- clock() - t
cat(sprintf('{"import": %.6f, "path": %.6f, "cv": %.6f}', imp, path, cv))
