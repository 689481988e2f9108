#!/usr/bin/env Rscript
# glmnet on a sparse problem written by bench/sparse.ts: colPtr.bin, rowIdx.bin (int32),
# values.bin, y.bin, alphas.bin (float64), foldid.bin (int32, 1-based). Mode `path`: fits the path on
# a dgCMatrix (standardize = FALSE unless BENCH_STANDARDIZE=1, intercept = TRUE) at each thresh given, writes
# glmnet-coef-<i>.bin and glmnet-a0-<i>.bin, prints {"seconds": [...], "peakMB": VmHWM}. Mode `cv`:
# cv.glmnet on the folds at the one thresh given, writes glmnet-cvm.bin, prints {"seconds", "peakMB"}.
# Needs Debian's r-cran-glmnet and r-cran-jsonlite.
suppressPackageStartupMessages({ library(glmnet); library(Matrix); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; n <- as.integer(args[2]); p <- as.integer(args[3]); nnz <- as.integer(args[4]); mode <- args[5]
threshes <- as.numeric(args[-(1:5)])
standardize <- Sys.getenv("BENCH_STANDARDIZE") == "1"
cp <- readBin(file.path(dir, "colPtr.bin"), "integer", p + 1)
ri <- readBin(file.path(dir, "rowIdx.bin"), "integer", nnz)
vs <- readBin(file.path(dir, "values.bin"), "double", nnz)
X <- new("dgCMatrix", i = ri, p = cp, x = vs, Dim = c(n, p))
y <- readBin(file.path(dir, "y.bin"), "double", n)
alphas <- readBin(file.path(dir, "alphas.bin"), "double", 1000)
peak <- function() as.numeric(sub("VmHWM:\\s+(\\d+) kB", "\\1", grep("VmHWM", readLines("/proc/self/status"), value = TRUE))) / 1024
if (mode == "cv") {
  foldid <- readBin(file.path(dir, "foldid.bin"), "integer", n)
  s <- system.time(cvfit <- cv.glmnet(X, y, lambda = alphas, foldid = foldid, standardize = standardize, thresh = threshes[1], maxit = 1e7))[["elapsed"]]
  writeBin(as.numeric(cvfit$cvm), file.path(dir, "glmnet-cvm.bin"))
  cat(toJSON(list(seconds = s, peakMB = peak()), auto_unbox = TRUE, digits = NA))
} else {
  secs <- numeric(0)
  for (k in seq_along(threshes)) {
    s <- system.time(fit <- glmnet(X, y, lambda = alphas, standardize = standardize, thresh = threshes[k], maxit = 1e7))[["elapsed"]]
    secs <- c(secs, s)
    # Column by column: as.matrix(fit$beta) would add a dense p × nlambda copy to the peak memory measured.
    con <- file(file.path(dir, sprintf("glmnet-coef-%d.bin", k - 1)), "wb")
    for (l in seq_len(ncol(fit$beta))) writeBin(as.numeric(fit$beta[, l]), con)
    close(con)
    writeBin(as.numeric(fit$a0), file.path(dir, sprintf("glmnet-a0-%d.bin", k - 1)))
  }
  cat(toJSON(list(seconds = secs, peakMB = peak()), auto_unbox = TRUE, digits = NA))
}
