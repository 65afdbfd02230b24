# Golden values for `windoweval survey estimate` with design options (--fpc, --poststratify, --rake,
# --calibrate), index and satisfaction rate by window, computed by R's survey package.
#
#   Rscript tests/golden/audit2_design_rates.R        (from the project root; survey 4.1-1 here)
#
# Reads tests/golden/survey_fixture.csv and writes tests/golden/audit2_design_rates.json.
# The satisfaction rate's interval is svyciprop's (method "beta" and "logit") on each design; before
# this file the command line gave a normal (Wald) interval for a rate as soon as a design option was
# given, ignoring --method and leaving 0-1 near the edges.
# Scoring (survey_fixture.R): overall codes outside 1-5 (9 = don't know, blanks) are missing;
# index = (overall - 1) / 4 * 100; satisfied = overall >= 4.
suppressMessages({library(survey); library(jsonlite)})
options(survey.lonely.psu = "fail")

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_fixture.R"))   # d: the fixture, sat, y (the 0-100 index), quarter
d$overall_idx <- d$y
d$sat0 <- ifelse(is.na(d$sat), 0, d$sat)        # svyciprop on a calibrated subset cannot take NA outside it
d$npsu <- c(D1 = 150, D2 = 200, D3 = 260)[d$stratum]   # PSUs in each stratum's population (the test writes the same)

pop <- data.frame(window_id = sprintf("PW%02d", 1:6), Freq = c(52000, 61000, 43000, 80000, 39000, 70000))
types <- data.frame(customer_type = c("business", "other", "resident"), Freq = c(60000, 25000, 260000))
cal_tot <- c(`(Intercept)` = 345000, duration_s = 345000 * 330)

A <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
designs <- list(
  fpc = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, fpc = ~npsu, data = d),
  poststratify = postStratify(A, ~window_id, pop),
  rake = rake(A, list(~window_id, ~customer_type), list(pop, types), control = list(maxit = 100, epsilon = 1e-10)),
  calibrate = calibrate(A, ~duration_s, cal_tot, calfun = "linear"))

out <- list(meta = list(r_version = R.version.string, survey_version = as.character(packageVersion("survey"))),
            pop = pop, types = types, cal_tot = as.list(cal_tot))
for (nm in names(designs)) {
  des <- designs[[nm]]
  # svymean(~overall_idx, des, na.rm = TRUE); svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE)
  m <- svymean(~overall_idx, des, na.rm = TRUE)
  b <- svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE)
  r <- list(index = list(estimate = c(unname(coef(m)), unname(coef(b))), se = c(unname(SE(m)), unname(SE(b)))))
  ds <- subset(des, !is.na(sat))
  for (meth in c("beta", "logit")) {
    # svyciprop(~sat0, subset(des, !is.na(sat)), method = meth)
    # svyby(~sat0, ~window_id, subset(des, !is.na(sat)), svyciprop, method = meth, vartype = c("se", "ci"))
    e <- svyciprop(~sat0, ds, method = meth)
    bb <- svyby(~sat0, ~window_id, ds, svyciprop, method = meth, vartype = c("se", "ci"))
    r[[meth]] <- list(rate = c(unname(coef(e)), unname(coef(bb))), se = c(unname(SE(e)), unname(SE(bb))),
                      ci_low = c(unname(attr(e, "ci")[1]), unname(bb$ci_l)),
                      ci_high = c(unname(attr(e, "ci")[2]), unname(bb$ci_u)))
  }
  out[[nm]] <- r
}
write(toJSON(out, digits = NA, pretty = TRUE, auto_unbox = TRUE), file.path(here, "audit2_design_rates.json"))
