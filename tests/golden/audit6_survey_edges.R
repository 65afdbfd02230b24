# Golden values for tests/test_audit6_survey_r.py: designs the demo does not exercise, computed by R's
# survey package (R 4.2.2, survey 4.1.1 here). The test holds these numbers itself (no R at test time);
# this script shows how each was made.
#
#   Rscript tests/golden/audit6_survey_edges.R        (from the project root; prints JSON)
#
# On tests/golden/survey_fixture.csv: a lonely stratum (stratum D1 cut to one PSU) with domains that cross
# strata (customer_type), each lonely-PSU rule, an fpc, a post-stratification; a two-stage design with a
# cluster of one sampled unit at stage 2; a domain of one respondent; a window where everyone is satisfied.
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_fixture.R"))   # d: the fixture, sat, y (the 0-100 index), quarter
d$overall_idx <- d$y
d$npsu <- c(D1 = 150, D2 = 200, D3 = 260)[d$stratum]
d$nssu <- 80
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey"))))
# lonely: keep one PSU of D1 only
first_d1 <- sort(unique(d$psu[d$stratum == "D1"]))[1]
dl <- d[!(d$stratum == "D1" & d$psu != first_d1), ]
desl <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = dl)
for (rule in c("adjust", "certainty", "remove", "average")) {
  options(survey.lonely.psu = rule)
  b <- svyby(~overall_idx, ~customer_type, desl, svymean, na.rm = TRUE)
  t <- svytotal(~overall_idx, desl, na.rm = TRUE)
  dsat <- subset(desl, !is.na(sat))
  rb <- svyby(~sat, ~customer_type, dsat, svyciprop, method = "beta", vartype = c("se", "ci"))
  out[[paste0("lonely_ct_", rule)]] <- list(ct = b$customer_type, est = unname(coef(b)), se = unname(SE(b)),
      total = unname(coef(t)), total_se = unname(SE(t)),
      rate = as.numeric(rb$sat), rate_se = unname(rb[["se.as.numeric(sat)"]]), lo = unname(rb$ci_l), hi = unname(rb$ci_u))
  options(survey.lonely.psu = "fail")
}
# single respondent domain and near-0/1 rates
d$grp <- ifelse(d$window_id == "PW01", "A", "B")
d$grp[d$respondent_id == d$respondent_id[which(d$window_id == "PW02" & d$sat %in% 1)[1]]] <- "solo"
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
b <- svyby(~overall_idx, ~grp, des, svymean, na.rm = TRUE)
out$solo_mean <- list(grp = b$grp, est = unname(coef(b)), se = unname(SE(b)))
dsat <- subset(des, !is.na(sat))
for (m in c("beta", "logit")) {
  rb <- try(svyby(~sat, ~grp, dsat, svyciprop, method = m, vartype = c("se", "ci")))
  if (!inherits(rb, "try-error")) out[[paste0("solo_rate_", m)]] <- list(grp = rb$grp, rate = as.numeric(rb$sat), lo = unname(rb$ci_l), hi = unname(rb$ci_u))
}
# rate with all satisfied in a domain, and one unsatisfied
d$allsat <- d$sat; d$allsat[d$window_id == "PW03" & !is.na(d$sat)] <- 1
d$one <- d$sat; d$one[!is.na(d$sat)] <- 1; d$one[which(!is.na(d$sat))[5]] <- 0
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
for (m in c("beta", "logit")) {
  rb <- svyby(~allsat, ~window_id, subset(des, !is.na(allsat)), svyciprop, method = m, vartype = c("se", "ci"))
  out[[paste0("allsat_", m)]] <- list(w = rb$window_id, rate = as.numeric(rb$allsat), lo = unname(rb$ci_l), hi = unname(rb$ci_u))
  e <- svyciprop(~one, subset(des, !is.na(one)), method = m)
  out[[paste0("one_", m)]] <- list(rate = as.numeric(coef(e)), lo = unname(attr(e, "ci")[1]), hi = unname(attr(e, "ci")[2]))
}
p1 <- sort(unique(d$psu))[3]
keep1 <- d$respondent_id[d$psu == p1][1]
d2 <- d[d$psu != p1 | d$respondent_id == keep1, ]
out$p1 <- p1; out$keep <- keep1
for (rule in c("fail", "adjust", "certainty", "remove", "average")) {
  options(survey.lonely.psu = rule)
  r <- try({des <- svydesign(ids = ~psu + respondent_id, strata = ~stratum, fpc = ~npsu + nssu, weights = ~weight, nest = TRUE, data = d2)
            m <- svymean(~y, des, na.rm = TRUE); b <- svyby(~y, ~customer_type, des, svymean, na.rm = TRUE)
            list(est = unname(coef(m)), se = unname(SE(m)), by_se = unname(SE(b)))}, silent = TRUE)
  out[[paste0("two_", rule)]] <- if (inherits(r, "try-error")) list(error = as.character(r)) else r
}
# a lonely stratum fully sampled (fpc = its one PSU): no lonely problem in R
first_d1 <- sort(unique(d$psu[d$stratum == "D1"]))[1]
dl <- d[!(d$stratum == "D1" & d$psu != first_d1), ]
dl$npsu[dl$stratum == "D1"] <- 1
options(survey.lonely.psu = "fail")
r <- try({des <- svydesign(ids = ~psu, strata = ~stratum, fpc = ~npsu, weights = ~weight, nest = TRUE, data = dl)
  m <- svymean(~y, des, na.rm = TRUE); b <- svyby(~y, ~window_id, des, svymean, na.rm = TRUE)
  list(est = unname(coef(m)), se = unname(SE(m)), by_est = unname(coef(b)), by_se = unname(SE(b)))}, silent = TRUE)
out$census_lonely <- if (inherits(r, "try-error")) list(error = as.character(r)) else r
# fpc + average rule, by domain crossing strata
dl$npsu[dl$stratum == "D1"] <- 150
for (rule in c("average", "adjust")) {
options(survey.lonely.psu = rule)
des <- svydesign(ids = ~psu, strata = ~stratum, fpc = ~npsu, weights = ~weight, nest = TRUE, data = dl)
b <- svyby(~y, ~customer_type, des, svymean, na.rm = TRUE)
m <- svymean(~y, des, na.rm = TRUE)
out[[paste0("fpc_", rule)]] <- list(est = unname(coef(m)), se = unname(SE(m)), by_est = unname(coef(b)), by_se = unname(SE(b)))
}
# postStratify on the lonely design, average
pop <- data.frame(window_id = sprintf("PW%02d", 1:6), Freq = c(52000, 61000, 43000, 80000, 39000, 70000))
for (rule in c("average", "adjust")) {
options(survey.lonely.psu = rule)
A <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = dl)
ps <- postStratify(A, ~window_id, pop[pop$window_id %in% dl$window_id, ])
b <- svyby(~y, ~customer_type, ps, svymean, na.rm = TRUE)
m <- svymean(~y, ps, na.rm = TRUE)
out[[paste0("ps_", rule)]] <- list(est = unname(coef(m)), se = unname(SE(m)), by_est = unname(coef(b)), by_se = unname(SE(b)))
}
cat(toJSON(out, digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")
