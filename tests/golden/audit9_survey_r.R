# Golden values for tests/test_audit9_survey_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/audit9_survey_r.R        (from the project root; writes tests/golden/audit9_survey_r.json)
#
# On tests/golden/survey_fixture.csv, as a firm's delivery can come:
# * a window where every respondent is satisfied (PW03: overall 5 where answered) and one where nobody is
#   (PW05: overall 2): svyciprop's interval there, on seven designs (one stage, strata, clusters, with and
#   without fpc);
# * weights that do not sum to the population (scaled by 1/1000);
# * an item every respondent of a stratum left unanswered (env1 = 9 in stratum D2);
# * domains of one and two respondents (one PSU, two PSUs of a stratum, two strata);
# * post-stratification and raking, then rates and means by window;
# * design effects of the rate by window.
suppressMessages({library(survey); library(jsonlite)})
options(survey.lonely.psu = "fail")
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_fixture.R"))   # d: the fixture, sat, y, quarter
ans <- d$overall %in% 1:5
d$overall[d$window_id == "PW03" & ans] <- 5
d$overall[d$window_id == "PW05" & ans] <- 2
d <- fixture_outcomes(d)                        # sat and y again, from the changed answers
d$npsu <- c(D1 = 150, D2 = 200, D3 = 260)[d$stratum]     # PSUs in the population of each stratum
d$nrow_h <- c(D1 = 9000, D2 = 12000, D3 = 15000)[d$stratum]  # respondents' population of each stratum (ids = ~1)
d$nrow_all <- 36000
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey"))))
num <- function(x) unname(as.numeric(x))
designs <- list(
  srs = svydesign(ids = ~1, weights = ~weight, data = d),
  srs_fpc = svydesign(ids = ~1, weights = ~weight, fpc = ~nrow_all, data = d),
  strat = svydesign(ids = ~1, strata = ~stratum, weights = ~weight, data = d),
  strat_fpc = svydesign(ids = ~1, strata = ~stratum, weights = ~weight, fpc = ~nrow_h, data = d),
  clus = svydesign(ids = ~psu, weights = ~weight, data = d),
  stclus = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d),
  stclus_fpc = svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~npsu, nest = TRUE, data = d))
# svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"));
# svyciprop(~sat, subset(des, window_id == "PW03" & !is.na(sat)), method = m)  (the whole design at rate 1)
for (nm in names(designs)) {
  des <- subset(designs[[nm]], !is.na(sat))
  for (m in c("beta", "logit")) {
    b <- svyby(~sat, ~window_id, des, svyciprop, method = m, vartype = c("se", "ci"))
    one <- svyciprop(~sat, subset(des, window_id == "PW03"), method = m)
    zero <- svyciprop(~sat, subset(des, window_id == "PW05"), method = m)
    out$ciprop[[nm]][[m]] <- list(window = b$window_id, rate = num(b$sat), se = num(b[["se.as.numeric(sat)"]]),
      lo = num(b$ci_l), hi = num(b$ci_u), one = c(num(one), num(attr(one, "ci"))), zero = c(num(zero), num(attr(zero, "ci"))))
  }
}
des <- designs$stclus
# weights summing to 1/1000 of the population: means and rates unchanged, totals scaled
ds <- svydesign(ids = ~psu, strata = ~stratum, weights = ~I(weight / 1000), nest = TRUE, data = d)
b <- svyby(~y, ~window_id, ds, svymean, na.rm = TRUE)
t <- svytotal(~sat, ds, na.rm = TRUE)
out$scaled <- list(mean = num(coef(b)), se = num(SE(b)), total = num(coef(t)), total_se = num(SE(t)))
# an item left unanswered by every respondent of stratum D2 (env1 = 9 there)
d2 <- d
d2$env1[d2$stratum == "D2"] <- 9
e1 <- ifelse(d2$env1 %in% 1:5, d2$env1, NA)
d2$env1_idx <- (e1 - 1) / 4 * 100
d2$env1_sat <- as.numeric(e1 >= 4)
des2 <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d2)
m <- svymean(~env1_idx, des2, na.rm = TRUE)
b <- svyby(~env1_idx, ~window_id, des2, svymean, na.rm = TRUE)
r <- svyciprop(~env1_sat, subset(des2, !is.na(env1_sat)), method = "beta")
rb <- svyby(~env1_sat, ~window_id, subset(des2, !is.na(env1_sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
out$item_na_stratum <- list(mean = num(coef(m)), se = num(SE(m)), by_window = b$window_id, by_mean = num(coef(b)),
  by_se = num(SE(b)), rate = c(num(r), num(sqrt(attr(r, "var"))), num(attr(r, "ci"))), rate_df = degf(subset(des2, !is.na(env1_sat))),
  by_rate_window = rb$window_id, by_rate = num(rb$env1_sat), by_rate_lo = num(rb$ci_l), by_rate_hi = num(rb$ci_u))
options(survey.lonely.psu = "average")
des2a <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d2)
m <- svymean(~env1_idx, des2a, na.rm = TRUE)
out$item_na_stratum$average_se <- num(SE(m))
options(survey.lonely.psu = "fail")
# domains of one and two respondents
psu1 <- sort(unique(d$psu[d$stratum == "D1"]))[1]
psu2 <- sort(unique(d$psu[d$stratum == "D1"]))[2]
psu3 <- sort(unique(d$psu[d$stratum == "D3"]))[1]
pick <- function(p, k) d$respondent_id[which(d$psu == p & !is.na(d$sat))[k]]
d$tiny <- "rest"
d$tiny[d$respondent_id %in% c(pick(psu1, 1), pick(psu1, 2))] <- "a_one_psu"
d$tiny[d$respondent_id %in% c(pick(psu2, 1))] <- "b_one"
d$tiny[d$respondent_id %in% c(pick(psu2, 2), pick(psu3, 1))] <- "c_two_strata"
psu4 <- sort(unique(d$psu[d$stratum == "D2"]))[1]; psu5 <- sort(unique(d$psu[d$stratum == "D2"]))[2]
d$tiny[d$respondent_id %in% c(pick(psu4, 1), pick(psu5, 1))] <- "d_two_psus"
out$tiny_ids <- list(a = c(pick(psu1, 1), pick(psu1, 2)), b = pick(psu2, 1), c = c(pick(psu2, 2), pick(psu3, 1)),
                     d = c(pick(psu4, 1), pick(psu5, 1)))
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)
b <- svyby(~y, ~tiny, des, svymean, na.rm = TRUE)
out$tiny_mean <- list(grp = b$tiny, est = num(coef(b)), se = num(SE(b)))
for (m in c("beta", "logit")) {
  rb <- svyby(~sat, ~tiny, subset(des, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"))
  out$tiny_rate[[m]] <- list(grp = rb$tiny, rate = num(rb$sat), se = num(rb[["se.as.numeric(sat)"]]), lo = num(rb$ci_l), hi = num(rb$ci_u))
}
# post-stratified to each window's visits, raked to windows and customer types (a calibrated design keeps the
# rows subset() takes out, with weight 0, so svyciprop needs na.rm = TRUE)
pop <- data.frame(window_id = sprintf("PW%02d", 1:6), Freq = c(52000, 61000, 43000, 80000, 39000, 70000))
ps <- postStratify(des, ~window_id, pop)
b <- svyby(~y, ~window_id, ps, svymean, na.rm = TRUE)
rb <- svyby(~sat, ~window_id, subset(ps, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"), na.rm = TRUE)
r <- svyciprop(~sat, subset(ps, !is.na(sat)), method = "beta", na.rm = TRUE)
out$post <- list(mean = num(coef(b)), se = num(SE(b)), rate = num(rb$sat), rate_se = num(rb[["se.as.numeric(sat)"]]),
  lo = num(rb$ci_l), hi = num(rb$ci_u), all = c(num(r), num(sqrt(attr(r, "var"))), num(attr(r, "ci"))))
ct <- data.frame(customer_type = c("business", "other", "resident"), Freq = c(60000, 15000, 270000))
rk <- rake(des, list(~window_id, ~customer_type), list(pop, ct), control = list(maxit = 100, epsilon = 1e-10))
b <- svyby(~y, ~window_id, rk, svymean, na.rm = TRUE)
rb <- svyby(~sat, ~window_id, subset(rk, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"), na.rm = TRUE)
out$rake <- list(mean = num(coef(b)), se = num(SE(b)), rate = num(rb$sat), rate_se = num(rb[["se.as.numeric(sat)"]]),
  lo = num(rb$ci_l), hi = num(rb$ci_u))
# design effects of the rate by window: svyby(~sat, ~window_id, des, svymean, na.rm = TRUE, deff = TRUE / "replace")
b <- svyby(~sat, ~window_id, des, svymean, na.rm = TRUE, deff = "replace")
b2 <- svyby(~sat, ~window_id, des, svymean, na.rm = TRUE, deff = TRUE)
out$deff <- list(replace = num(b[[grep("^DEff", names(b))]]), wor = num(b2[[grep("^DEff", names(b2))]]))
writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE, na = "string"), file.path(here, "audit9_survey_r.json"))
cat("wrote", file.path(here, "audit9_survey_r.json"), "\n")
