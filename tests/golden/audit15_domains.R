# Golden values for tests/test_audit15_domains_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/audit15_domains.R        (from the project root; writes tests/golden/audit15_domains.json)
#
# Figures not pinned before, on tests/golden/survey_fixture.csv:
# * two-way domains, window x quarter: rates (svyciprop, beta and logit), index means (svymean) and their
#   design effects (deff = TRUE and deff = "replace"), as `survey estimate --by window_id,quarter --deff` shows them;
# * the same after post-stratifying to the windows' yearly counts and after raking to windows and quarters,
#   design effects included (R computes them on the calibrated design);
# * a ratio of two totals (svyratio): satisfied answers to answers, overall and by window.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_fixture.R"))   # d: the fixture, sat, y, quarter
d$sat0 <- ifelse(is.na(d$sat), 0, d$sat)                 # satisfied answers (a missing answer counts 0)
d$ans <- as.numeric(!is.na(d$sat))                       # answers
num <- function(x) unname(as.numeric(x))
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey"))))

two_way <- function(des) {
  res <- list()
  ds <- subset(des, !is.na(sat))
  for (m in c("beta", "logit")) {
    # svyby(~sat, ~window_id + quarter, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"),
    #       na.rm = TRUE)   (a calibrated design keeps the rows subset() takes out, with weight 0)
    b <- svyby(~sat, ~window_id + quarter, ds, svyciprop, method = m, vartype = c("se", "ci"), na.rm = TRUE)
    res[[m]] <- list(window_id = as.character(b$window_id), quarter = as.character(b$quarter), rate = num(b$sat),
                     se = num(b[["se.as.numeric(sat)"]]), lo = num(b$ci_l), hi = num(b$ci_u))
  }
  for (v in c("y", "sat")) {
    # svyby(~v, ~window_id + quarter, des, svymean, na.rm = TRUE, deff = TRUE) and deff = "replace"
    b <- svyby(as.formula(paste0("~", v)), ~window_id + quarter, des, svymean, na.rm = TRUE, deff = TRUE)
    b2 <- svyby(as.formula(paste0("~", v)), ~window_id + quarter, des, svymean, na.rm = TRUE, deff = "replace")
    res[[v]] <- list(window_id = as.character(b$window_id), quarter = as.character(b$quarter), mean = num(coef(b)),
                     se = num(SE(b)), deff = num(b[[grep("^DEff", names(b))]]),
                     deff_replace = num(b2[[grep("^DEff", names(b2))]]))
  }
  # svymean(~y, des, na.rm = TRUE, deff = TRUE) and deff = "replace"
  e <- svymean(~y, des, na.rm = TRUE, deff = TRUE)
  e2 <- svymean(~y, des, na.rm = TRUE, deff = "replace")
  res$all <- list(mean = num(coef(e)), se = num(SE(e)), deff = num(deff(e)), deff_replace = num(deff(e2)))
  res
}

# svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
out$plain <- two_way(des)

popw <- data.frame(window_id = sprintf("PW%02d", 1:6), Freq = c(52000, 61000, 43000, 80000, 39000, 70000))
popq <- data.frame(quarter = paste0("Q", 1:4), Freq = c(80000, 85000, 90000, 90000))
# postStratify(des, ~window_id, popw)
out$post <- two_way(postStratify(des, ~window_id, popw))
# rake(des, list(~window_id, ~quarter), list(popw, popq), control = list(maxit = 100, epsilon = 1e-10)):
# the package rakes to 1e-10 of the weights' sum within 100 rounds; R's default control (maxit = 10, epsilon = 1)
# stops once the margins move by less than one person, which here leaves the SEs 2.6e-4 (relative) apart
out$rake <- two_way(rake(des, list(~window_id, ~quarter), list(popw, popq),
                         control = list(maxit = 100, epsilon = 1e-10)))
out$rake_r_default <- two_way(rake(des, list(~window_id, ~quarter), list(popw, popq)))$all

# svyratio(~sat0, ~ans, des) and svyby(~sat0, ~window_id, des, svyratio, denominator = ~ans)
r <- svyratio(~sat0, ~ans, des)
out$ratio <- list(ratio = num(coef(r)), se = num(SE(r)))
b <- svyby(~sat0, ~window_id, des, svyratio, denominator = ~ans)
out$ratio_by <- list(window_id = as.character(b$window_id), ratio = num(coef(b)), se = num(SE(b)))

writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), file.path(here, "audit15_domains.json"))
