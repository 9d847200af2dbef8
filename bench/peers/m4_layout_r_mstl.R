#!/usr/bin/env Rscript
# Peer run on any M4-layout file: R forecast's mstl() with the given periods, ETS on the adjusted series.
# Usage: Rscript bench/peers/m4_layout_r_mstl.R TRAIN HORIZON OUT PERIOD [PERIOD...]
# Writes OUT (id,F1..FH) and OUT with .lower.csv/.upper.csv (95%); prints the forecasting loop's wall time.
suppressPackageStartupMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
raw <- read.csv(args[1], header = TRUE, stringsAsFactors = FALSE)
h <- as.integer(args[2]); out <- args[3]; periods <- as.numeric(args[-(1:3)])
series <- lapply(seq_len(nrow(raw)), function(i) { v <- as.numeric(raw[i, -1]); v[!is.na(v)] })
start <- Sys.time()
fc <- lapply(series, function(y) {
  usable <- periods[2 * periods < length(y)]
  x <- if (length(usable) > 0) msts(y, seasonal.periods = usable) else ts(y)
  f <- forecast(mstl(x), h = h, level = 95)
  list(mean = as.numeric(f$mean), lower = as.numeric(f$lower), upper = as.numeric(f$upper))
})
cat(sprintf("R mstl: %d series, %.2f s\n", length(series), as.numeric(difftime(Sys.time(), start, units = "secs"))))
write_part <- function(path, part) {
  m <- t(sapply(fc, function(f) f[[part]]))
  d <- data.frame(id = raw[, 1], m); names(d) <- c("id", paste0("F", seq_len(h)))
  write.csv(d, path, row.names = FALSE, quote = TRUE)
}
write_part(out, "mean")
write_part(sub("\\.csv$", ".lower.csv", out), "lower")
write_part(sub("\\.csv$", ".upper.csv", out), "upper")
