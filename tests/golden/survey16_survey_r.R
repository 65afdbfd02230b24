# Golden values for tests/test_survey16_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey16_make_data.py     (seeded; writes tests/golden/survey16_data.csv)
#   Rscript tests/golden/survey16_survey_r.R      (from the project root; writes tests/golden/survey16_survey_r.json)
#
# On two seeded data sets (survey16_make_data.py), a stratified cluster sample with an fpc: rake() with R's default
# control (maxit = 10, epsilon = 1: it stops unconverged and warns), a relative epsilon, a small maxit and to
# convergence; svyglm with aliased (collinear) terms, and in the families quasibinomial, poisson and quasipoisson
# with an offset, Gamma (inverse and log links); all on the linearisation design and on JKn and bootstrap
# replicates, with glm's default control (epsilon = 1e-8: R's standard errors come from the last IRLS iteration's
# working weights, computed before its update, ~1e-6 from the converged fit's; windoweval follows glm.fit step for
# step) and once with glm.control(epsilon = 1e-12, maxit = 50). Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, boot_jkn
all <- read_golden("survey16_data.csv", c("h", "psu", "win", "b", "ct"))
out <- list(meta = golden_meta())
# (glm's QR tolerance is min(1e-7, epsilon / 1000): at epsilon = 1e-14 it no longer sees collinear columns)
pops <- function(f) list(data.frame(win = c("W1", "W2", "W3"), Freq = c(9000, 6000, 5000) * f),
                         data.frame(ct = c("business", "other", "resident"), Freq = c(3000, 5000, 12000) * f),
                         data.frame(b = c("am", "pm"), Freq = c(12000, 8000) * f))
MARGINS <- list(list(~win, ~ct, ~b), pops(1))
# a nation's yearly calls (2e9): epsilon = 1 (a count) is then a share of 5e-10, too fine for ten sweeps in set 2
BIG <- pops(1e5)

glm_entry <- function(call, m) {
  co <- m$coefficients       # coef() of an svyglm drops the aliased (NA) ones
  list(call = call, term = names(co), est = num(co), se = num(SE(m)), df = num(m$df.residual),
       aliased = num(is.na(co)), vcov = unname(as.matrix(vcov(m))))
}

glms <- function(des) {
  e <- list()
  e$glm_aliased <- safe(glm_entry("svyglm(s ~ x1 + x2 + win + x3, des)", svyglm(s ~ x1 + x2 + win + x3, des)))
  e$glm_aliased_quasibinomial <- safe(glm_entry("svyglm(sat ~ x2 + x1 + win, des, family = quasibinomial())",
    svyglm(sat ~ x2 + x1 + win, des, family = quasibinomial())))
  e$glm_quasibinomial <- safe(glm_entry("svyglm(sat ~ x1 + win, des, family = quasibinomial())",
    svyglm(sat ~ x1 + win, des, family = quasibinomial())))
  e$glm_poisson_offset <- safe(glm_entry("svyglm(cnt ~ x1 + win + offset(log(days)), des, family = poisson())",
    suppressWarnings(svyglm(cnt ~ x1 + win + offset(log(days)), des, family = poisson()))))
  e$glm_quasipoisson_offset <- safe(glm_entry("svyglm(cnt ~ x1 + win + offset(log(days)), des, family = quasipoisson())",
    svyglm(cnt ~ x1 + win + offset(log(days)), des, family = quasipoisson())))
  e$glm_gamma <- safe(glm_entry("svyglm(tm ~ x1 + win, des, family = Gamma())",
    svyglm(tm ~ x1 + win, des, family = Gamma())))
  e$glm_gamma_tight <- safe(glm_entry("svyglm(tm ~ x1 + win, des, family = Gamma(), control = glm.control(epsilon = 1e-12, maxit = 50))",
    svyglm(tm ~ x1 + win, des, family = Gamma(), control = glm.control(epsilon = 1e-12, maxit = 50))))
  e$glm_gamma_log <- safe(glm_entry("svyglm(tm ~ x1 + win, des, family = Gamma(link = 'log'))",
    svyglm(tm ~ x1 + win, des, family = Gamma(link = "log"))))
  e
}

# svymean / svytotal of a factor: one proportion (total) per level, the empty level "never" 0 with SE 0; rows 3 and 10
# of each set have no value (na.rm = TRUE: outside the domain)
factors <- function(des) {
  e <- list()
  e$mean_factor <- safe({
    m <- svymean(~f, des, na.rm = TRUE)
    list(call = "svymean(~f, des, na.rm = TRUE)", name = names(coef(m)), est = num(coef(m)), se = num(SE(m)))
  })
  e$total_factor <- safe({
    m <- svytotal(~f, des, na.rm = TRUE)
    list(call = "svytotal(~f, des, na.rm = TRUE)", name = names(coef(m)), est = num(coef(m)), se = num(SE(m)))
  })
  # several variables by window with their covariance: R's svymean(~s + tm, na.rm = TRUE) drops a row missing either
  e$by_two_covmat <- safe({
    b <- svyby(~s + tm, ~win, subset(des, !is.na(s) & !is.na(tm)), svymean, covmat = TRUE)
    list(call = "svyby(~s + tm, ~win, subset(des, !is.na(s) & !is.na(tm)), svymean, covmat = TRUE)", win = b$win,
         est = num(coef(b)), se = num(as.matrix(SE(b))), vcov = unname(as.matrix(vcov(b))))
  })
  e$by_mean_factor <- safe({
    b <- svyby(~f, ~win, des, svymean, na.rm = TRUE)
    list(call = "svyby(~f, ~win, des, svymean, na.rm = TRUE)", win = b$win, est = unname(as.matrix(coef(b))),
         se = unname(as.matrix(SE(b))))
  })
  e
}

# calibrate(des, ~win + b + days, pop, calfun = ..., bounds = ...): the population totals are the sample's, moved
# (W2 +15%, W3 -15%, pm +10%, days +5%), so that bounds bind; "big" is 25 times them (R's grake rescales first)
cal_entry <- function(des, pop, ...) {
  w <- NULL
  d <- withCallingHandlers(calibrate(des, ~win + b + days, pop, ...),
                           warning = function(wn) { w <<- conditionMessage(wn); invokeRestart("muffleWarning") })
  m <- svymean(~s, d, na.rm = TRUE)
  t <- svytotal(~tm, d, na.rm = TRUE)
  # and a regression on the calibrated design: svyglm(cnt ~ x1 + win + offset(log(days)), d, family = quasipoisson())
  g <- svyglm(cnt ~ x1 + win + offset(log(days)), d, family = quasipoisson())
  list(weights = num(weights(d)), g_range = num(range(weights(d) / weights(des))), mean = num(coef(m)), se = num(SE(m)),
       total = num(coef(t)), total_se = num(SE(t)), glm_est = num(coef(g)), glm_se = num(SE(g)), glm_df = g$df.residual,
       warning = if (is.null(w)) "" else w)
}
cals <- function(des) {
  mm <- model.matrix(~win + b + days, model.frame(des))
  pop <- colSums(mm * weights(des)) * c(1, 1.15, 0.85, 1.1, 1.05)
  e <- list(cal_population = as.list(pop))
  e$cal_linear_bounds <- safe(c(call = "calibrate(des, ~win + b + days, pop, bounds = c(0.6, 1.6))",
                                cal_entry(des, pop, bounds = c(0.6, 1.6))))
  e$cal_raking <- safe(c(call = "calibrate(des, ~win + b + days, pop, calfun = 'raking')",
                         cal_entry(des, pop, calfun = "raking")))
  e$cal_raking_bounds <- safe(c(call = "calibrate(des, ~win + b + days, pop, calfun = 'raking', bounds = c(0.6, 1.6))",
                                cal_entry(des, pop, calfun = "raking", bounds = c(0.6, 1.6))))
  e$cal_logit <- safe(c(call = "calibrate(des, ~win + b + days, pop, calfun = 'logit', bounds = c(0.7, 1.5))",
                        cal_entry(des, pop, calfun = "logit", bounds = c(0.7, 1.5))))
  e$cal_raking_big <- safe(c(call = "calibrate(des, ~win + b + days, 25 * pop, calfun = 'raking')",
                             cal_entry(des, 25 * pop, calfun = "raking")))
  e$cal_failed <- safe(c(call = "calibrate(des, ~win + b + days, pop, bounds = c(0.97, 1.03))",
                         cal_entry(des, pop, bounds = c(0.97, 1.03))))
  e$cal_forced <- safe(c(call = "calibrate(des, ~win + b + days, pop, bounds = c(0.97, 1.03), force = TRUE)",
                         cal_entry(des, pop, bounds = c(0.97, 1.03), force = TRUE)))
  e
}

rake_entry <- function(call, des) {
  w <- NULL
  d <- withCallingHandlers(eval(call), warning = function(wn) { w <<- conditionMessage(wn); invokeRestart("muffleWarning") })
  m <- svymean(~s, d, na.rm = TRUE)
  list(call = deparse1(call), weights = num(weights(d)), mean = num(coef(m)), se = num(SE(m)),
       warning = if (is.null(w)) "" else w)
}

for (k in 1:2) {
  d <- all[all$set == k, ]
  d$f <- factor(d$ct, levels = c("business", "other", "resident", "never"))
  d$f[c(3, 10)] <- NA
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  res <- c(glms(des), factors(des), cals(des))
  res$call <- "svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)"
  res$rake_default <- rake_entry(quote(rake(des, MARGINS[[1]], MARGINS[[2]])), des)
  res$rake_default_big <- rake_entry(quote(rake(des, MARGINS[[1]], BIG)), des)
  res$rake_maxit3 <- rake_entry(quote(rake(des, MARGINS[[1]], MARGINS[[2]], control = list(maxit = 3))), des)
  res$rake_relative <- rake_entry(quote(rake(des, MARGINS[[1]], MARGINS[[2]], control = list(epsilon = 1e-4))), des)
  res$rake_converged <- rake_entry(quote(rake(des, MARGINS[[1]], MARGINS[[2]],
                                              control = list(maxit = 200, epsilon = 1e-12))), des)
  reps <- boot_jkn(d, 1600 + k)
  for (ty in names(reps)) {
    rd <- reps[[ty]]
    e <- c(glms(rd), factors(rd))
    e$call <- paste0("as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type='", ty, "')")
    res[[paste0("rep_", ty)]] <- c(e, rep_fields(rd))
  }
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey16_survey_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
