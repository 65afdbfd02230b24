# Golden values for tests/test_survey19_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey19_make_data.py     (seeded; writes tests/golden/survey19_data.csv)
#   Rscript tests/golden/survey19_survey_r.R      (from the project root; writes tests/golden/survey19_survey_r.json)
#
# What a survey firm's replicate delivery can declare, as svrepdesign reads it: JKn weights (as.svrepdesign's of
# svydesign(ids=~psu, strata=~h, weights=~w)) with their rscales and each replicate's sampling fraction as
# fpc (fpctype "fraction" and "correction"), the same as multipliers without rscales (R guesses 1/max), JK1 with one
# fpc a replicate, a mean bootstrap (bootstrap.average = 4); and the deliveries R refuses (JKn combined weights
# without rscales, an fpc without fpctype, an fpc on bootstrap and BRR weights). On each, and on the linearisation
# designs without and with fpc = ~N: svymean, svytotal, svyratio, svyquantile (interval mean, and quantile on
# replicates), svyby by two variables (window x half-day, W4 x pm empty) of means (covmat), totals and ratios, and
# svyby of a ratio whose denominator is 0 throughout a domain (W3); on the linearisation designs the design effects
# with the fpc (deff TRUE and "replace", by domain too); on the fpc, JKn-with-fpc and mean-bootstrap designs,
# calibrate with bounds (linear, raking, logit) followed by svymean, svytotal, svyratio and svyby by two variables.
# Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, mean_total_ratio
all <- read_golden("survey19_data.csv", c("h", "psu", "win", "b"))
out <- list(meta = golden_meta())
QS <- c(0.25, 0.5, 0.9)
key2 <- function(b) paste(b$win, b$b, sep = ".")

stats <- function(des, rep) {
  e <- mean_total_ratio(des)           # survey_r_common.R: svymean, svytotal, svyratio of ~s (over ~tm)
  for (it in if (rep) c("mean", "quantile") else "mean") {
    e[[paste0("quantile_", it)]] <- safe({ q <- svyquantile(~tm, des, QS, interval.type = it, na.rm = TRUE, ci = TRUE)
      ci <- confint(q)
      list(call = sprintf("svyquantile(~tm, des, c(0.25, 0.5, 0.9), interval.type = '%s', na.rm = TRUE, ci = TRUE)", it),
           est = num(coef(q)), lo = num(ci[, 1]), hi = num(ci[, 2]), se = num(SE(q))) })
  }
  e$by2_mean <- safe({ b <- suppressWarnings(svyby(~s, ~win + b, subset(des, !is.na(s)), svymean, covmat = TRUE))
    list(call = "svyby(~s, ~win + b, subset(des, !is.na(s)), svymean, covmat = TRUE)", key = key2(b),
         est = num(coef(b)), se = num(SE(b)), vcov = unname(as.matrix(vcov(b)))) })
  e$by2_total <- safe({ b <- suppressWarnings(svyby(~s, ~win + b, des, svytotal, na.rm = TRUE))
    list(call = "svyby(~s, ~win + b, des, svytotal, na.rm = TRUE)", key = key2(b), est = num(coef(b)), se = num(SE(b))) })
  e$by2_ratio <- safe({ b <- suppressWarnings(svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE))
    list(call = "svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE)", key = key2(b),
         est = num(coef(b)), se = num(SE(b))) })
  e$by_ratio_zero <- safe({ b <- suppressWarnings(svyby(~s, ~win, des, svyratio, denominator = ~rv, na.rm = TRUE))
    list(call = "svyby(~s, ~win, des, svyratio, denominator = ~rv, na.rm = TRUE)", win = b$win,
         est = num(coef(b)), se = num(SE(b))) })
  if (!rep) {
    e$deff <- safe({ m <- svymean(~s, des, na.rm = TRUE, deff = TRUE); t <- svytotal(~s, des, na.rm = TRUE, deff = TRUE)
      mr <- svymean(~s, des, na.rm = TRUE, deff = "replace"); tr <- svytotal(~s, des, na.rm = TRUE, deff = "replace")
      r <- svyratio(~s, ~tm, des, na.rm = TRUE, deff = TRUE)
      list(call = "svymean / svytotal(~s, des, na.rm = TRUE, deff = TRUE and 'replace'); svyratio(~s, ~tm, des, na.rm = TRUE, deff = TRUE)",
           mean = num(deff(m)), total = num(deff(t)), mean_replace = num(deff(mr)), total_replace = num(deff(tr)),
           ratio = num(deff(r))) })
    e$by2_deff <- safe({ b <- suppressWarnings(svyby(~s, ~win + b, des, svymean, na.rm = TRUE, deff = TRUE))
      br <- suppressWarnings(svyby(~s, ~win + b, des, svymean, na.rm = TRUE, deff = "replace"))
      list(call = "svyby(~s, ~win + b, des, svymean, na.rm = TRUE, deff = TRUE and 'replace')", key = key2(b),
           est = num(coef(b)), se = num(SE(b)), deff = num(deff(b)), deff_replace = num(br[[grep("^DEff", names(br))]])) })
  }
  e
}

BOUNDS_SET <- list(c(0.8, 1.19), c(0.8, 1.12))    # each set's: the upper bound binds
# calibrate(des, ~win + b, pop, calfun = cf, bounds = BOUNDS) to the sample's totals moved (W2 +12%, W3 -12%, W4
# +8%, pm -6%) so that the bounds bind, then svymean, svytotal, svyratio and svyby by window x half-day
cals <- function(des) {
  mm <- model.matrix(~win + b, model.frame(des))
  pop <- colSums(mm * weights(des, "sampling")) * c(1, 1.12, 0.88, 1.08, 0.94)
  e <- list(cal_population = as.list(pop))
  for (cf in c("linear", "raking", "logit")) {
    e[[paste0("cal_", cf)]] <- safe({
      # compress = FALSE: R's calibrate.svyrep.design stops on an svrepdesign() object without it ("missing value
      # where TRUE/FALSE needed": its compress = NA meets a design that never set one); no effect on the numbers
      cd <- if (is.null(des$repweights)) calibrate(des, ~win + b, pop, calfun = cf, bounds = BOUNDS)
            else calibrate(des, ~win + b, pop, calfun = cf, bounds = BOUNDS, compress = FALSE)
      m <- svymean(~s, cd, na.rm = TRUE); t <- svytotal(~s, cd, na.rm = TRUE); r <- svyratio(~s, ~tm, cd, na.rm = TRUE)
      b <- suppressWarnings(svyby(~s, ~win + b, cd, svymean, na.rm = TRUE))
      g <- weights(cd, "sampling") / weights(des, "sampling")
      list(call = sprintf("calibrate(des, ~win + b, pop, calfun = '%s', bounds = c(%g, %g)); svymean(~s, cd, na.rm = TRUE) ...", cf, BOUNDS[1], BOUNDS[2]),
           bounds = BOUNDS,
           g_range = num(range(g)), est = num(coef(m)), se = num(SE(m)), total = num(coef(t)), total_se = num(SE(t)),
           ratio = num(coef(r)), ratio_se = num(SE(r)), by_key = key2(b), by_est = num(coef(b)), by_se = num(SE(b))) })
  }
  e
}

# the sampling fraction n_h / N_h of the stratum of each JKn replicate's dropped PSU (its rows weigh 0 there)
rep_fraction <- function(W, d) {
  fh <- tapply(d$psu, d$h, function(p) length(unique(p))) / tapply(d$N, d$h, `[`, 1)
  num(apply(W, 2, function(col) fh[d$h[which(col == 0)[1]]]))
}

for (k in 1:2) {
  d <- all[all$set == k, ]
  rownames(d) <- NULL
  res <- list()
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  dfpc <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  res$lin <- c(list(call = "svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)"), stats(d0, FALSE))
  res$lin_fpc <- c(list(call = "svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)"), stats(dfpc, FALSE))
  jk <- as.svrepdesign(d0, type = "JKn")
  W <- unname(as.matrix(weights(jk, "analysis")))
  f <- rep_fraction(W, d)
  res$jkn_fpc_fraction <- c(list(call = "svrepdesign(data = d, repweights = W, weights = ~w, type = 'JKn', rscales = jk$rscales, fpc = f, fpctype = 'fraction')",
                                 fpc = f),
                            rep_fields(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales,
                                                   fpc = f, fpctype = "fraction")),
                            stats(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales,
                                              fpc = f, fpctype = "fraction"), TRUE))
  # the same, as the linearisation design's own JKn replicates with its fpc (as.svrepdesign(dfpc, "JKn")): same rscales
  res$jkn_fpc_fraction$asrep_rscales <- num(as.svrepdesign(dfpc, type = "JKn")$rscales)
  res$jkn_fpc_correction <- c(list(call = "svrepdesign(..., type = 'JKn', rscales = jk$rscales, fpc = 1 - f, fpctype = 'correction')"),
                              rep_fields(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn",
                                                     rscales = jk$rscales, fpc = 1 - f, fpctype = "correction"), FALSE),
                              stats(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales,
                                                fpc = 1 - f, fpctype = "correction"), TRUE))
  # multipliers (combined.weights = FALSE) without rscales: R guesses 1 / max of each replicate's multipliers
  M <- W / d$w
  mj <- suppressWarnings(svrepdesign(data = d, repweights = M, weights = ~w, type = "JKn", combined.weights = FALSE))
  res$jkn_mult <- c(list(call = "svrepdesign(data = d, repweights = W / d$w, weights = ~w, type = 'JKn', combined.weights = FALSE)"),
                    rep_fields(mj, FALSE), stats(mj, TRUE))
  # JK1 on the unstratified cluster design, one fpc (the overall PSU fraction) a replicate
  d1 <- svydesign(ids = ~psu, weights = ~w, data = d)
  j1 <- as.svrepdesign(d1, type = "JK1")
  W1 <- unname(as.matrix(weights(j1, "analysis")))
  f1 <- length(unique(d$psu)) / sum(tapply(d$N, d$h, `[`, 1))
  r1 <- svrepdesign(data = d, repweights = W1, weights = ~w, type = "JK1", scale = j1$scale, fpc = rep(f1, ncol(W1)),
                    fpctype = "fraction")
  res$jk1_fpc <- c(list(call = "svrepdesign(data = d, repweights = W1, weights = ~w, type = 'JK1', scale = j1$scale, fpc = rep(f1, ncol(W1)), fpctype = 'fraction')",
                        fpc1 = f1), rep_fields(r1), stats(r1, TRUE))
  # a mean bootstrap: each delivered replicate the average of 4 bootstrap samples
  set.seed(190 + k)
  bs <- as.svrepdesign(d0, type = "bootstrap", replicates = 30)
  Wb <- unname(as.matrix(weights(bs, "analysis")))
  rb <- svrepdesign(data = d, repweights = Wb, weights = ~w, type = "bootstrap", bootstrap.average = 4)
  res$boot_avg <- c(list(call = "svrepdesign(data = d, repweights = Wb, weights = ~w, type = 'bootstrap', bootstrap.average = 4)"),
                    rep_fields(rb), stats(rb, TRUE))
  # what R refuses
  BOUNDS <<- BOUNDS_SET[[k]]
  for (kd in c("lin_fpc", "jkn_fpc_fraction", "boot_avg")) {
    des <- switch(kd, lin_fpc = dfpc,
                  jkn_fpc_fraction = svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales,
                                                 fpc = f, fpctype = "fraction"),
                  boot_avg = rb)
    res[[kd]] <- c(res[[kd]], cals(des))
  }
  res$refused <- list(
    jkn_no_rscales = safe(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn")),
    fpc_no_fpctype = safe(svrepdesign(data = d, repweights = W, weights = ~w, type = "JKn", rscales = jk$rscales, fpc = f)),
    boot_fpc = safe(svrepdesign(data = d, repweights = Wb, weights = ~w, type = "bootstrap", fpc = rep(0.1, 30),
                                fpctype = "fraction")),
    brr_fpc = safe(svrepdesign(data = d, repweights = Wb[, 1:4], weights = ~w, type = "BRR", fpc = rep(0.1, 4),
                               fpctype = "fraction")))
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey19_survey_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
