# Golden values for tests/test_survey22_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/survey22_survey_r.R      (from the project root; writes tests/golden/survey22_survey_r.json)
#
# Round nine, on survey20's data (tests/golden/survey20_data.csv, stratum h5 left out): trimWeights(design, upper,
# lower, strict) of the stratified cluster design (weights, svymean and svytotal of ~s after it), of that design
# post-stratified by window, and of its JKn and bootstrap replicate designs. R 4.1.1's trimWeights.svyrep.design
# keeps the old full-sample weights, ignores strict and recycles a vector over the replicate matrix (raising a
# jackknife's zero weights to lower), so the replicate entries trim each column with R's trimWeights of a one-column
# design of its non-zero weights (trim_col below), the way the package does. Then new comparisons on the linearised,
# JKn and bootstrap designs (entry "more"): svyratio by window, svytotal by window of the designs post-stratified by
# customer type, svymean of subset(calibrated design, win == lev) after a linear calibration on customer type and rv,
# and svycontrast of svyby(svymean, covmat = TRUE). Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey22_survey_r.json")

BOUNDS <- list(list(upper = 30, lower = -Inf, strict = FALSE), list(upper = 30, lower = 5, strict = FALSE),
               list(upper = 30, lower = 5, strict = TRUE), list(upper = 25, lower = 8, strict = TRUE))

after <- function(des) {
  m <- svymean(~s, des, na.rm = TRUE); t <- svytotal(~s, des, na.rm = TRUE)
  list(weights = num(weights(des, "sampling")), mean = num(coef(m)), mean_se = num(SE(m)),
       total = num(coef(t)), total_se = num(SE(t)))
}

# R's trimWeights.survey.design2 on one column's non-zero weights (a zero: a row the replicate deletes, kept 0)
trim_col <- function(x, upper, lower, strict) {
  nz <- x != 0
  x[nz] <- weights(trimWeights(svydesign(ids = ~1, weights = ~x, data = data.frame(x = x[nz])), upper = upper,
                               lower = lower, strict = strict))
  x
}

for (k in 1:2) {
  d <- all[all$set == k & all$h != "h5", ]
  rownames(d) <- NULL
  res <- list()
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  res$lin <- lapply(BOUNDS, function(b) c(list(
    call = sprintf("trimWeights(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d), upper = %g, lower = %g, strict = %s); svymean(~s, ., na.rm = TRUE); svytotal(~s, ., na.rm = TRUE)",
                   b$upper, b$lower, b$strict), upper = b$upper, lower = if (is.finite(b$lower)) b$lower else "-Inf",
    strict = b$strict), after(trimWeights(d0, upper = b$upper, lower = b$lower, strict = b$strict))))
  wins <- sort(unique(d$win))
  pop <- data.frame(win = wins, Freq = round(1.1 * tapply(d$w, d$win, sum)[wins]))
  ps <- postStratify(d0, ~win, pop)
  res$post <- c(list(call = "trimWeights(postStratify(d0, ~win, pop), upper = 35, lower = 8, strict = TRUE); svymean(~s, ., na.rm = TRUE); svytotal(~s, ., na.rm = TRUE)",
                     win = wins, freq = num(pop$Freq)),
                after(trimWeights(ps, upper = 35, lower = 8, strict = TRUE)))
  set.seed(200 + k)
  bs <- as.svrepdesign(d0, type = "bootstrap", replicates = 40)
  jk <- as.svrepdesign(d0, type = "JKn")
  for (kd in c("jkn", "boot")) {
    rd <- if (kd == "jkn") jk else bs
    e <- rep_fields(rd)
    rw <- apply(weights(rd, "analysis"), 2, trim_col, upper = 45, lower = 6, strict = TRUE)
    pw <- trim_col(weights(rd, "sampling"), upper = 45, lower = 6, strict = TRUE)
    tr <- svrepdesign(data = d, repweights = rw, weights = pw, type = rd$type, scale = rd$scale,
                      rscales = rd$rscales, combined.weights = TRUE)
    e$trim <- c(list(call = "apply(weights(rd, 'analysis'), 2, trim_col, upper = 45, lower = 6, strict = TRUE); the same of weights(rd, 'sampling'); svrepdesign(data = d, repweights = rw, weights = pw, type = rd$type, scale = rd$scale, rscales = rd$rscales, combined.weights = TRUE); svymean(~s, ., na.rm = TRUE); svytotal(~s, ., na.rm = TRUE)",
                     repweights = unname(rw)), after(tr))
    res[[kd]] <- e
  }
  ct_pop <- data.frame(ct = c("business", "resident"), Freq = round(1.05 * tapply(d$w, d$ct, sum)[c("business", "resident")]))
  cal_pop <- c(`(Intercept)` = round(1.02 * sum(d$w)), ctresident = round(1.03 * sum(d$w[d$ct == "resident"])),
               rv = round(sum(d$w * d$rv)))
  more <- list(ct_pop = num(ct_pop$Freq), cal_pop = num(cal_pop))
  for (kd in c("lin", "jkn", "boot")) {
    des <- switch(kd, lin = d0, jkn = jk, boot = bs)
    e <- list()
    e$ratio_by <- safe({ b <- svyby(~s, ~win, des, svyratio, denominator = ~tm, na.rm = TRUE)
      list(call = "svyby(~s, ~win, des, svyratio, denominator = ~tm, na.rm = TRUE)", win = b$win,
           est = num(coef(b)), se = num(SE(b))) })
    e$ps_total_by <- safe({ ps <- postStratify(des, ~ct, ct_pop); b <- svyby(~s, ~win, ps, svytotal, na.rm = TRUE)
      list(call = "svyby(~s, ~win, postStratify(des, ~ct, ct_pop), svytotal, na.rm = TRUE)", win = b$win,
           est = num(coef(b)), se = num(SE(b))) })
    e$cal_subset <- safe({ cal <- calibrate(des, ~ct + rv, population = cal_pop)
      wins <- sort(unique(d$win))
      m <- lapply(wins, function(v) svymean(~s, subset(cal, win == v), na.rm = TRUE))
      list(call = "svymean(~s, subset(calibrate(des, ~ct + rv, population = cal_pop), win == lev), na.rm = TRUE)",
           win = wins, est = num(sapply(m, coef)), se = num(sapply(m, SE))) })
    e$contrast <- safe({ b <- svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE)
      ct_k <- svycontrast(b, list(w1_w2 = c(1, -1, 0), avg = c(1, 1, 1) / 3, w3_rest = c(-0.5, -0.5, 1)))
      list(call = "svycontrast(svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE), list(w1_w2 = c(1, -1, 0), avg = c(1, 1, 1) / 3, w3_rest = c(-0.5, -0.5, 1)))",
           est = num(coef(ct_k)), se = num(SE(ct_k))) })
    more[[kd]] <- e
  }
  res$more <- more
  out[[paste0("set", k)]] <- res
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
