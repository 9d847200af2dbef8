#!/usr/bin/env Rscript
# Peer run: R's forecast package (Hyndman) on M4 Hourly, scored like `vigil eval m4`.
# Usage: Rscript bench/peers/m4_hourly_r_forecast.R ../shared/datasets/m4 [mstl|stlf]
# mstl: MSTL with periods 24 and 168, remainder forecast by ETS (forecast::forecast on an mstl fit = stlf).
# Prints sMAPE, MASE, OWA (against the official Naive2: 18.383 / 2.395), 95% coverage, MSIS and the wall time
# of the forecasting loop (reading excluded), single-threaded as R runs it.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "../shared/datasets/m4"
method <- if (length(args) >= 2) args[2] else "mstl"
read_m4 <- function(path) {
  raw <- read.csv(path, header = TRUE, stringsAsFactors = FALSE)
  lapply(seq_len(nrow(raw)), function(i) { v <- as.numeric(raw[i, -1]); v[!is.na(v)] })
}
train <- read_m4(file.path(dir, "Hourly-train.csv"))
test <- read_m4(file.path(dir, "Hourly-test.csv"))
h <- 48
start <- Sys.time()
fc <- lapply(train, function(y) {
  x <- msts(y, seasonal.periods = c(24, 168))
  f <- if (method == "mstl") forecast(mstl(x), h = h, level = 95) else stlf(ts(y, frequency = 24), h = h, level = 95)
  list(mean = as.numeric(f$mean), lower = as.numeric(f$lower), upper = as.numeric(f$upper))
})
elapsed <- as.numeric(difftime(Sys.time(), start, units = "secs"))
smape <- mase <- msis <- 0; covered <- 0
for (i in seq_along(train)) {
  y <- train[[i]]; a <- test[[i]]; f <- fc[[i]]
  scale <- mean(abs(diff(y, lag = 24)))
  smape <- smape + mean(200 * abs(a - f$mean) / (abs(a) + abs(f$mean)))
  mase <- mase + mean(abs(a - f$mean)) / scale
  msis <- msis + mean((f$upper - f$lower) + 40 * (f$lower - a) * (a < f$lower) + 40 * (a - f$upper) * (a > f$upper)) / scale
  covered <- covered + sum(a >= f$lower & a <= f$upper)
}
n <- length(train)
smape <- smape / n; mase <- mase / n
cat(sprintf("R forecast %s: %d series\n  sMAPE %.3f\n  MASE %.3f\n  OWA %.3f\n  coverage %.2f%%\n  MSIS %.3f\n  time %.2f s\n",
            method, n, smape, mase, 0.5 * (smape / 18.383 + mase / 2.395), 100 * covered / (n * h), msis / n, elapsed))
