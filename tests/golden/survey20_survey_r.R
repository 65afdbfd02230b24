# Golden values for tests/test_survey20_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey20_make_data.py     (seeded; writes tests/golden/survey20_data.csv)
#   Rscript tests/golden/survey20_survey_r.R      (from the project root; writes tests/golden/survey20_survey_r.json)
#
# Round seven. On the stratified cluster design without and with fpc = ~N1 and its JKn and bootstrap replicates
# (stratum h5 left out): svyquantile by window (svyby, and on each window's subset for the interval), svyciprop by
# every method (overall and by window), svytotal and svyratio by window x half-day on the replicate designs, a
# post-stratified then raked design followed by svyquantile (overall and by window), design effects by domain
# (totals and ratios, TRUE and "replace"), a linear calibration without bounds. With h5 (one PSU): options(survey.lonely.psu = ) "adjust", "average",
# "certainty", "remove" under svymean, svytotal, svyratio, svyby and svyquantile. The two-stage design with an fpc
# at both stages, svydesign(ids = ~psu + ssu, fpc = ~N1 + N2). Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, mean_total_ratio
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
QS <- c(0.25, 0.5, 0.75)
key2 <- function(b) paste(b$win, b$b, sep = ".")
mat <- function(x) unname(as.matrix(x))

# svyby(~tm, ~win, des, svyquantile, ...): estimates and SEs (a row a window, a column a quantile); each window's
# interval from svyquantile on its subset (svyby's confint is the estimate +/- qnorm times the SE)
quantile_by <- function(des, it) {
  safe({
    b <- suppressWarnings(svyby(~tm, ~win, des, svyquantile, quantiles = QS, ci = TRUE, na.rm = TRUE, interval.type = it))
    lo <- hi <- NULL
    for (lev in b$win) {   # not w: subset() would read the weight column
      ci <- confint(suppressWarnings(svyquantile(~tm, subset(des, win == lev), QS, ci = TRUE, na.rm = TRUE, interval.type = it)))
      lo <- rbind(lo, num(ci[, 1])); hi <- rbind(hi, num(ci[, 2]))
    }
    list(call = sprintf("svyby(~tm, ~win, des, svyquantile, quantiles = c(0.25, 0.5, 0.75), ci = TRUE, na.rm = TRUE, interval.type = '%s'); confint(svyquantile(~tm, subset(des, win == lev), ...))", it),
         win = b$win, est = mat(b[, 2:4]), se = mat(SE(b)), lo = unname(lo), hi = unname(hi))
  })
}

quantile_all <- function(des, it) {
  safe({ q <- suppressWarnings(svyquantile(~tm, des, QS, ci = TRUE, na.rm = TRUE, interval.type = it)); ci <- confint(q)
    list(call = sprintf("svyquantile(~tm, des, c(0.25, 0.5, 0.75), ci = TRUE, na.rm = TRUE, interval.type = '%s')", it),
         est = num(coef(q)), se = num(SE(q)), lo = num(ci[, 1]), hi = num(ci[, 2])) })
}

METHODS <- c("logit", "likelihood", "asin", "beta", "mean", "xlogit")
ciprops <- function(des) {
  e <- list()
  ds <- subset(des, !is.na(sat))
  for (m in METHODS) {
    e[[m]] <- safe({ p <- svyciprop(~sat, ds, method = m); ci <- confint(p)
      b <- svyby(~sat, ~win, ds, svyciprop, method = m, vartype = c("se", "ci"))
      list(call = sprintf("svyciprop(~sat, subset(des, !is.na(sat)), method = '%s'); svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop, method = '%s', vartype = c('se', 'ci'))", m, m),
           est = num(coef(p)), se = num(SE(p)), lo = num(ci[1]), hi = num(ci[2]),
           by_win = b$win, by_est = num(coef(b)), by_se = num(SE(b)), by_lo = num(b$ci_l), by_hi = num(b$ci_u)) })
  }
  e
}

by2 <- function(des) {
  list(
    by2_total = safe({ b <- suppressWarnings(svyby(~s, ~win + b, des, svytotal, na.rm = TRUE))
      list(call = "svyby(~s, ~win + b, des, svytotal, na.rm = TRUE)", key = key2(b), est = num(coef(b)), se = num(SE(b))) }),
    by2_ratio = safe({ b <- suppressWarnings(svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE))
      list(call = "svyby(~s, ~win + b, des, svyratio, denominator = ~tm, na.rm = TRUE)", key = key2(b),
           est = num(coef(b)), se = num(SE(b))) }))
}

deffs <- function(des) {
  safe({
    t1 <- svyby(~s, ~win + b, des, svytotal, na.rm = TRUE, deff = TRUE)
    t2 <- svyby(~s, ~win + b, des, svytotal, na.rm = TRUE, deff = "replace")
    r1 <- svyby(~s, ~win, des, svyratio, denominator = ~tm, na.rm = TRUE, deff = TRUE)
    list(call = "svyby(~s, ~win + b, des, svytotal, na.rm = TRUE, deff = TRUE and 'replace'); svyby(~s, ~win, des, svyratio, denominator = ~tm, na.rm = TRUE, deff = TRUE)",
         key = key2(t1), total = num(coef(t1)), total_se = num(SE(t1)), total_deff = num(deff(t1)),
         total_deff_replace = num(t2[[grep("^DEff", names(t2))]]), ratio_win = r1$win, ratio = num(coef(r1)),
         ratio_deff = num(deff(r1)))
  })
}

basics <- function(des, quantile = TRUE) {
  e <- mean_total_ratio(des)           # survey_r_common.R: svymean, svytotal, svyratio of ~s (over ~tm)
  e$by_mean <- safe({ b <- svyby(~s, ~win, des, svymean, na.rm = TRUE)
    list(win = b$win, est = num(coef(b)), se = num(SE(b))) })
  if (quantile) e$quantile <- quantile_all(des, "mean")
  e$call <- "mean_total_ratio(des); svyby(~s, ~win, des, svymean, na.rm = TRUE); svyquantile(~tm, des, c(0.25, 0.5, 0.75), ci = TRUE, na.rm = TRUE)"
  e
}

for (k in 1:2) {
  dl <- all[all$set == k, ]
  rownames(dl) <- NULL
  d <- dl[dl$h != "h5", ]
  rownames(d) <- NULL
  res <- list()
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  dfpc <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N1, data = d)
  set.seed(200 + k)
  bs <- as.svrepdesign(d0, type = "bootstrap", replicates = 40)
  jk <- as.svrepdesign(d0, type = "JKn")
  res$jkn <- c(list(call = "as.svrepdesign(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d), type = 'JKn')"),
               rep_fields(jk))
  res$boot <- c(list(call = "set.seed(200 + k); as.svrepdesign(d0, type = 'bootstrap', replicates = 40)"), rep_fields(bs))
  designs <- list(lin = d0, lin_fpc = dfpc, jkn = jk, boot = bs)
  for (kd in names(designs)) {
    des <- designs[[kd]]
    rep <- kd %in% c("jkn", "boot")
    res[[kd]]$quantile_by_mean <- quantile_by(des, "mean")
    if (rep) res[[kd]]$quantile_by_quantile <- quantile_by(des, "quantile")
    res[[kd]]$ciprop <- ciprops(des)
    if (rep) res[[kd]] <- c(res[[kd]], by2(des)) else res[[kd]]$deff_by <- deffs(des)
    # calibrate(des, ~win + b, pop): linear, no bounds (regcalibrate's one step; on replicates, each replicate's)
    mm <- model.matrix(~win + b, model.frame(des))
    pop <- colSums(mm * weights(des, "sampling")) * c(1, 1.1, 0.92, 1.05)
    res[[kd]]$cal_linear <- c(list(call = "calibrate(des, ~win + b, pop); svymean, svytotal, svyratio of ~s (over ~tm)",
                                   population = as.list(pop)), mean_total_ratio(calibrate(des, ~win + b, pop)))
    # post-stratified to window counts, then raked to customer type and half-day, then quantiles
    pw <- data.frame(win = c("W1", "W2", "W3"), Freq = num(tapply(d$w, d$win, sum)) * c(1.1, 0.9, 1.05))
    pc <- data.frame(ct = c("business", "resident"), Freq = num(tapply(d$w, d$ct, sum)) * c(0.95, 1.08))
    pc$Freq <- pc$Freq * sum(pw$Freq) / sum(pc$Freq)
    pb <- data.frame(b = c("am", "pm"), Freq = num(tapply(d$w, d$b, sum)) * c(1.04, 0.97))
    pb$Freq <- pb$Freq * sum(pw$Freq) / sum(pb$Freq)
    rk <- rake(postStratify(des, ~win, pw), list(~ct, ~b), list(pc, pb))
    res[[kd]]$ps_rake <- list(call = "rake(postStratify(des, ~win, pw), list(~ct, ~b), list(pc, pb)); then svyquantile",
                              pw = pw$Freq, pc = pc$Freq, pb = pb$Freq,
                              g = num(weights(rk, "sampling") / weights(des, "sampling")),
                              quantile = quantile_all(rk, if (rep) "quantile" else "mean"),
                              quantile_by = quantile_by(rk, "mean"))
  }
  # lonely PSU: h5 has one PSU
  for (opt in c("adjust", "average", "certainty", "remove")) {
    options(survey.lonely.psu = opt)
    res$lonely[[opt]] <- list(
      nofpc = c(list(design = "svydesign(ids = ~psu, strata = ~h, weights = ~w, data = dl)"),
                basics(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = dl))),
      fpc = c(list(design = "svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N1, data = dl)"),
              basics(svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N1, data = dl))))
  }
  options(survey.lonely.psu = "fail")
  # two stages, fpc at both
  d2 <- svydesign(ids = ~psu + ssu, strata = ~h, weights = ~w, fpc = ~N1 + N2, data = d)
  res$two_stage <- c(list(design = "svydesign(ids = ~psu + ssu, strata = ~h, weights = ~w, fpc = ~N1 + N2, data = d)"),
                     basics(d2), list(deff_by = deffs(d2)))
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey20_survey_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
