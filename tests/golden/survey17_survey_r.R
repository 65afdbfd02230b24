# Golden values for tests/test_survey17_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey17_make_data.py     (seeded; writes tests/golden/survey17_data.csv)
#   Rscript tests/golden/survey17_survey_r.R      (from the project root; writes tests/golden/survey17_survey_r.json)
#
# On two seeded data sets (survey17_make_data.py), a stratified cluster sample with an fpc, a stratum with one PSU
# (h4) and a stratum surveyed in full (h5, N = its PSUs). For each survey.lonely.psu setting (adjust, certainty,
# remove, average): the linearisation design, and its JKn replicates made by R's as.svrepdesign with
# survey.drop.replicates = FALSE (the census stratum's replicates are kept, with rscales 0: svrVar centres on the
# mean of the replicates with rscales > 0 only) and TRUE (R's default: they are dropped), each with mse FALSE and
# TRUE. On each: svymean, svytotal, svyratio, svyby(svymean, covmat = TRUE) and svyby(svytotal) by window (W4 has
# one respondent: R leaves out the replicates without it), svyquantile (interval.type mean, and quantile on
# replicates; qrule math, hf7, school), svyglm (gaussian, quasibinomial), svyciprop in five methods and by group,
# svyvar, svychisq (F, Chisq, Wald, adjWald), svyttest, svyranktest, deff, svyby(svytotal / svyratio, covmat = TRUE),
# postStratify and calibrate (linear, raking). Also the linearisation designs with survey.adjust.domain.lonely =
# TRUE, a bootstrap delivery rounded to 4 and 2 decimals (degf: qr(weights, tol = 1e-5)$rank - 1), and the same
# bootstrap columns declared successive-difference, ACS, JK2 and other. Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, mean_total_ratio
all <- read_golden("survey17_data.csv", c("h", "psu", "win", "b"))
out <- list(meta = golden_meta())
QS <- c(0.25, 0.5, 0.9)

stats <- function(des, rep) {
  e <- mean_total_ratio(des)           # survey_r_common.R: svymean, svytotal, svyratio of ~s (over ~tm)
  e$by_mean <- safe({ b <- suppressWarnings(svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE))
    list(call = "svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE)", win = b$win, est = num(coef(b)),
         se = num(SE(b)), vcov = unname(as.matrix(vcov(b)))) })
  e$by_total <- safe({ b <- suppressWarnings(svyby(~s, ~win, des, svytotal, na.rm = TRUE))
    list(call = "svyby(~s, ~win, des, svytotal, na.rm = TRUE)", win = b$win, est = num(coef(b)), se = num(SE(b))) })
  e$by_total_cov <- safe({ b <- suppressWarnings(svyby(~s, ~win, subset(des, !is.na(s)), svytotal, covmat = TRUE))
    list(call = "svyby(~s, ~win, subset(des, !is.na(s)), svytotal, covmat = TRUE)", win = b$win, est = num(coef(b)),
         se = num(SE(b)), vcov = unname(as.matrix(vcov(b)))) })
  e$by_ratio_cov <- safe({
    b <- suppressWarnings(svyby(~s, ~win, subset(des, !is.na(s) & !is.na(tm)), svyratio, denominator = ~tm,
                                covmat = TRUE))
    list(call = "svyby(~s, ~win, subset(des, !is.na(s) & !is.na(tm)), svyratio, denominator = ~tm, covmat = TRUE)",
         win = b$win, est = num(coef(b)), se = num(SE(b)), vcov = unname(as.matrix(vcov(b)))) })
  for (it in if (rep) c("mean", "quantile") else "mean") e[[paste0("quantile_", it)]] <- safe({
    q <- suppressWarnings(svyquantile(~tm, des, QS, interval.type = it, na.rm = TRUE, ci = TRUE))
    list(call = paste0("svyquantile(~tm, des, c(0.25, 0.5, 0.9), interval.type = '", it, "', na.rm = TRUE, ci = TRUE)"),
         est = num(q$tm[, 1]), lo = num(q$tm[, 2]), hi = num(q$tm[, 3]), se = num(q$tm[, 4])) })
  e$glm <- safe({ g <- svyglm(s ~ x1 + b, des)
    list(call = "svyglm(s ~ x1 + b, des)", est = num(coef(g)), se = num(SE(g)), df = g$df.residual) })
  e$glm_quasibinomial <- safe({ g <- svyglm(sat ~ x1, des, family = quasibinomial())
    list(call = "svyglm(sat ~ x1, des, family = quasibinomial())", est = num(coef(g)), se = num(SE(g)),
         df = g$df.residual) })
  for (m in c("beta", "logit", "asin", "mean", "xlogit")) e[[paste0("ciprop_", m)]] <- safe({
    o <- svyciprop(~sat, subset(des, !is.na(sat)), method = m)
    list(call = paste0("svyciprop(~sat, subset(des, !is.na(sat)), method = '", m, "')"), est = num(coef(o)),
         se = num(SE(o)), lo = num(attr(o, "ci")[1]), hi = num(attr(o, "ci")[2])) })
  e$var <- safe({ v <- svyvar(~s, des, na.rm = TRUE)
    list(call = "svyvar(~s, des, na.rm = TRUE)", est = num(coef(v)), se = num(SE(v))) })
  e$chisq <- safe({ ch <- suppressWarnings(svychisq(~win + b, des))
    list(call = "svychisq(~win + b, des)", stat = num(ch$statistic), ndf = num(ch$parameter[1]),
         ddf = num(ch$parameter[2]), p = num(ch$p.value)) })
  e$deff <- safe({ m <- svymean(~s, des, na.rm = TRUE, deff = TRUE); t <- svytotal(~s, des, na.rm = TRUE, deff = TRUE)
    list(call = "svymean(~s, des, na.rm = TRUE, deff = TRUE); svytotal(~s, des, na.rm = TRUE, deff = TRUE)",
         mean = num(deff(m)), total = num(deff(t))) })
  for (rule in c("hf7", "school")) for (it in if (rep) c("mean", "quantile") else "mean")
    e[[paste0("quantile_", rule, "_", it)]] <- safe({
      q <- suppressWarnings(svyquantile(~tm, des, QS, qrule = rule, interval.type = it, na.rm = TRUE, ci = TRUE))
      list(call = paste0("svyquantile(~tm, des, c(0.25, 0.5, 0.9), qrule = '", rule, "', interval.type = '", it,
                         "', na.rm = TRUE, ci = TRUE)"),
           est = num(q$tm[, 1]), lo = num(q$tm[, 2]), hi = num(q$tm[, 3]), se = num(q$tm[, 4])) })
  e$post <- safe({ p <- postStratify(des, ~b, data.frame(b = c("am", "pm"), Freq = c(900, 700)))
    m <- svymean(~s, p, na.rm = TRUE); t <- svytotal(~s, p, na.rm = TRUE)
    list(call = "postStratify(des, ~b, data.frame(b = c('am', 'pm'), Freq = c(900, 700))); svymean(~s, ., na.rm = TRUE); svytotal",
         est = num(coef(m)), se = num(SE(m)), total = num(coef(t)), total_se = num(SE(t))) })
  for (cf in c("linear", "raking")) e[[paste0("cal_", cf)]] <- safe({
    # (replicates: compress = FALSE, R 4.1.1's default compress = NA stops on weights that are not compressed)
    cd <- if (rep) calibrate(des, ~b + x1, c(`(Intercept)` = 1600, bpm = 700, x1 = 50), calfun = cf, compress = FALSE)
          else calibrate(des, ~b + x1, c(`(Intercept)` = 1600, bpm = 700, x1 = 50), calfun = cf)
    m <- svymean(~s, cd, na.rm = TRUE); t <- svytotal(~s, cd, na.rm = TRUE)
    list(call = paste0("calibrate(des, ~b + x1, c(`(Intercept)` = 1600, bpm = 700, x1 = 50), calfun = '", cf,
                       "'); svymean(~s, ., na.rm = TRUE); svytotal"),
         est = num(coef(m)), se = num(SE(m)), total = num(coef(t)), total_se = num(SE(t))) })
  e$by_ciprop <- safe({
    b <- svyby(~sat, ~b, subset(des, !is.na(sat)), svyciprop, method = "logit", vartype = c("se", "ci"))
    list(call = "svyby(~sat, ~b, subset(des, !is.na(sat)), svyciprop, method = 'logit', vartype = c('se', 'ci'))",
         b = b$b, est = num(coef(b)), se = num(SE(b)), lo = num(b$ci_l), hi = num(b$ci_u)) })
  for (st in c("Chisq", "Wald", "adjWald")) e[[paste0("chisq_", st)]] <- safe({
    ch <- suppressWarnings(svychisq(~b + win, des, statistic = st))
    list(call = paste0("svychisq(~b + win, des, statistic = '", st, "')"), stat = num(ch$statistic),
         ndf = num(ch$parameter[1]), ddf = num(ch$parameter[2]), p = num(ch$p.value)) })
  e$ranktest <- safe({ t <- svyranktest(s ~ b, des)
    list(call = "svyranktest(s ~ b, des)", est = num(t$estimate), stat = num(t$statistic), df = num(t$parameter),
         p = num(t$p.value)) })
  e$ttest <- safe({ t <- svyttest(s ~ b, des)
    list(call = "svyttest(s ~ b, des)", est = num(t$estimate), stat = num(t$statistic), df = num(t$parameter),
         p = num(t$p.value)) })
  e
}

for (k in 1:2) {
  d <- all[all$set == k, ]
  res <- list()
  for (lonely in c("adjust", "certainty", "remove", "average")) {
    options(survey.lonely.psu = lonely, survey.adjust.domain.lonely = FALSE)
    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
    e <- stats(des, FALSE)
    e$call <- paste0("options(survey.lonely.psu = '", lonely, "'); svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)")
    res[[paste0("lin_", lonely)]] <- e
    # survey.adjust.domain.lonely = TRUE: a domain's stratum with one PSU of the domain is lonely there too
    options(survey.adjust.domain.lonely = TRUE)
    e <- stats(svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d), FALSE)
    e$call <- paste0("options(survey.lonely.psu = '", lonely, "', survey.adjust.domain.lonely = TRUE); ",
                     "svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)")
    res[[paste0("lin_", lonely, "_adl")]] <- e
    options(survey.adjust.domain.lonely = FALSE)
    for (drop in c(FALSE, TRUE)) for (mse in c(FALSE, TRUE)) {
      options(survey.drop.replicates = drop)
      rd0 <- as.svrepdesign(des, type = "JKn", mse = mse)
      # the replicate weights as a survey firm delivers them: svrepdesign on the columns (R's as.svrepdesign object
      # also knows which PSUs are self-representing, and svytotal then leaves their rows out of the replicate totals
      # under survey.drop.replicates = TRUE: recorded as total_asrep, see the test)
      rd <- svrepdesign(data = d, repweights = weights(rd0, "analysis"), weights = weights(rd0, "sampling"),
                        type = "JKn", scale = rd0$scale, rscales = rd0$rscales, combined.weights = TRUE, mse = mse)
      e <- c(stats(rd, TRUE), rep_fields(rd))
      e$mse <- mse
      e$total_asrep <- safe({ m <- svytotal(~s, rd0, na.rm = TRUE)
        list(call = "svytotal(~s, rd0, na.rm = TRUE)", est = num(coef(m)), se = num(SE(m)),
             selfrep = any(rd0$selfrep)) })
      e$call <- paste0("options(survey.lonely.psu = '", lonely, "', survey.drop.replicates = ", drop,
                       "); rd0 <- as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), type='JKn', mse=",
                       mse, "); svrepdesign(data=d, repweights=weights(rd0, 'analysis'), weights=weights(rd0, 'sampling'), ",
                       "type='JKn', scale=rd0$scale, rscales=rd0$rscales, combined.weights=TRUE, mse=", mse, ")")
      res[[paste0("jkn_", lonely, if (drop) "_drop" else "_keep", if (mse) "_mse" else "")]] <- e
    }
    options(survey.drop.replicates = TRUE)
  }
  # a bootstrap delivery: 50 replicates (Rao-Wu's n_h - 1 draws, multipliers r n_h / (n_h - 1)) on 11 PSUs (the
  # lonely h4 left out), the weights rounded to 4 and 2 decimals by the survey firm; R's degf is
  # qr(weights, tol = 1e-5)$rank - 1, which sees through the rounding noise at 4 decimals (numpy's matrix_rank does not)
  set.seed(1700 + k)
  db <- d[d$h != "h4", ]
  rb <- as.svrepdesign(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = db), type = "subbootstrap",
                       replicates = 50)
  for (dig in c(4, 2)) {
    rd <- svrepdesign(data = db, repweights = round(weights(rb, "analysis"), dig), weights = ~w, type = "bootstrap",
                      combined.weights = TRUE)
    e <- c(stats(rd, TRUE), rep_fields(rd))
    e$mse <- FALSE
    e$call <- paste0("set.seed(", 1700 + k, "); db <- d[d$h != 'h4', ]; rb <- as.svrepdesign(svydesign(ids=~psu, ",
                     "strata=~h, weights=~w, data=db), type='subbootstrap', replicates=50); svrepdesign(data=db, repweights=round(weights(rb, ",
                     "'analysis'), ", dig, "), weights=~w, type='bootstrap', combined.weights=TRUE)")
    res[[paste0("boot_round", dig)]] <- e
  }
  # the other types svrepdesign knows, on the same bootstrap columns (their scale and rscales are the type's):
  # successive-difference and ACS (4 / R), JK2 (1), and other with its own scale and rscales (three of them 0)
  W <- weights(rb, "analysis")
  RS <- c(0, 0, 0, rep(c(0.5, 1.5), length.out = ncol(W) - 3))
  for (ty in c("successive-difference", "ACS", "JK2", "other")) {
    rd <- suppressWarnings(if (ty == "other")
      svrepdesign(data = db, repweights = W, weights = ~w, type = ty, scale = 0.04, rscales = RS, combined.weights = TRUE)
      else svrepdesign(data = db, repweights = W, weights = ~w, type = ty, combined.weights = TRUE))
    e <- c(stats(rd, TRUE), rep_fields(rd))
    e$mse <- FALSE
    e$call <- paste0("svrepdesign(data=db, repweights=weights(rb, 'analysis'), weights=~w, type='", ty, "', ",
                     if (ty == "other") "scale=0.04, rscales=c(0, 0, 0, rep(c(0.5, 1.5), length.out=47)), " else "",
                     "combined.weights=TRUE)")
    res[[paste0("type_", ty)]] <- e
  }
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey17_survey_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
