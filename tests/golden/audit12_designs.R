# Golden values for tests/test_audit12_designs_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/audit12_designs.R        (from the project root; writes tests/golden/audit12_designs.json)
#
# Designs not pinned before, on tests/golden/survey_fixture.csv, rates (svyciprop, beta and logit) and index
# means (svymean) by window and by quarter:
# * a stratum with a single PSU (D3's interviews as one PSU), under each options(survey.lonely.psu = ...);
# * the fpc given as a count of PSUs and as a sampling fraction (n_h / N_h): the same design;
# * rows of zero weight (every seventh respondent and one whole PSU), which R keeps;
# * a domain absent from one stratum: quarter Q1 has no interview in stratum D2 (D2's Q1 interviews are
#   counted in Q2), so a by-quarter estimate meets a stratum without rows in it, also with a lonely stratum.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_fixture.R"))   # d: the fixture, sat, y, quarter
d$quarter[d$stratum == "D2" & d$quarter == "Q1"] <- "Q2"
d$psu_l <- ifelse(d$stratum == "D3", "D3-all", d$psu)               # stratum D3: one PSU
d$npsu <- c(D1 = 150, D2 = 200, D3 = 260)[d$stratum]               # PSUs in the population of each stratum
d$frac <- 12 / d$npsu                                               # the same, as a sampling fraction
d$nrow_h <- c(D1 = 9000, D2 = 12000, D3 = 15000)[d$stratum]
d$frac_row <- 100 / d$nrow_h
d$wz <- d$weight
d$wz[seq(7, nrow(d), by = 7)] <- 0
d$wz[d$psu == sort(unique(d$psu[d$stratum == "D1"]))[1]] <- 0      # one whole PSU of D1
num <- function(x) unname(as.numeric(x))
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey"))))

stats <- function(des) {
  res <- list()
  ds <- subset(des, !is.na(sat))
  for (by in c("window_id", "quarter")) {
    for (m in c("beta", "logit")) {
      # svyby(~sat, ~BY, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"))
      b <- svyby(as.formula("~sat"), as.formula(paste0("~", by)), ds, svyciprop, method = m, vartype = c("se", "ci"))
      res[[by]][[m]] <- list(group = as.character(b[[by]]), rate = num(b$sat), se = num(b[["se.as.numeric(sat)"]]),
                             lo = num(b$ci_l), hi = num(b$ci_u))
    }
    # svyby(~y, ~BY, des, svymean, na.rm = TRUE)
    b <- svyby(~y, as.formula(paste0("~", by)), des, svymean, na.rm = TRUE)
    res[[by]]$mean <- list(group = as.character(b[[by]]), mean = num(coef(b)), se = num(SE(b)))
  }
  for (m in c("beta", "logit")) {
    # svyciprop(~sat, subset(des, !is.na(sat)), method = m)
    o <- svyciprop(~sat, ds, method = m)
    res$all[[m]] <- c(num(o), num(attr(o, "ci")), num(sqrt(attr(o, "var"))))
  }
  res
}

for (rule in c("certainty", "remove", "adjust", "average")) {
  options(survey.lonely.psu = rule)
  # svydesign(ids = ~psu_l, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
  out$lonely[[rule]] <- stats(svydesign(ids = ~psu_l, strata = ~stratum, weights = ~weight, nest = TRUE, data = d))
}
options(survey.lonely.psu = "fail")
# svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~npsu | ~frac, nest = TRUE, data = d)
out$fpc$count <- stats(svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~npsu, nest = TRUE, data = d))
out$fpc$rate <- stats(svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~frac, nest = TRUE, data = d))
# svydesign(ids = ~1, strata = ~stratum, weights = ~weight, fpc = ~nrow_h | ~frac_row, data = d)
out$fpc$row_count <- stats(svydesign(ids = ~1, strata = ~stratum, weights = ~weight, fpc = ~nrow_h, data = d))
out$fpc$row_rate <- stats(svydesign(ids = ~1, strata = ~stratum, weights = ~weight, fpc = ~frac_row, data = d))
# svydesign(ids = ~psu, strata = ~stratum, weights = ~wz, nest = TRUE, data = d)
out$zero <- stats(svydesign(ids = ~psu, strata = ~stratum, weights = ~wz, nest = TRUE, data = d))
write_json(out, file.path(here, "audit12_designs.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
