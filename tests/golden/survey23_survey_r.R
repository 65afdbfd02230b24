# Golden values for tests/test_survey23_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/survey23_survey_r.R      (from the project root; writes tests/golden/survey23_survey_r.json)
#
# Round ten, on survey20's data (tests/golden/survey20_data.csv, set 1, stratum h5 left out), the stratified cluster
# design calibrated linearly to customer type and rv totals: svyby(~sat, ~win, ., svyciprop, method = m) for the
# methods beta, logit, xlogit, asin and mean (estimate, SE, interval); svyttest(s ~ b, .); and svychisq(~ct + b, .)
# of the design post-stratified by window (statistics F and Chisq). Then the same calibration of its JKn and
# bootstrap (40 replicates, seeded) replicate designs (entry "rep": the replicate weights R made, svyciprop by window
# for beta, logit and xlogit, svyttest). svyciprop is of subset(., !is.na(sat)), the project's reading of a missing
# answer (outside the domain, as survey20_survey_r.R): window W3 holds a row without sat, which R's svyciprop would
# otherwise count in nrow(design) and degf(design) for the beta interval. Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, read_golden, golden_meta
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey23_survey_r.json")

d <- all[all$set == 1 & all$h != "h5", ]
rownames(d) <- NULL
d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
totals <- c(`(Intercept)` = 1.05 * sum(d$w), ctresident = 1.1 * sum(d$w[d$ct == "resident"]), rv = 0.97 * sum(d$w * d$rv))
dc <- calibrate(d0, ~ct + rv, population = totals)
out$totals <- as.list(totals)
out$ciprop <- lapply(setNames(nm = c("beta", "logit", "xlogit", "asin", "mean")), function(m) {
  b <- svyby(~sat, ~win, subset(dc, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"), na.rm = TRUE)
  list(call = sprintf("svyby(~sat, ~win, subset(calibrate(d0, ~ct + rv, population = totals), !is.na(sat)), svyciprop, method = \"%s\", vartype = c(\"se\", \"ci\"), na.rm = TRUE)", m),
       win = as.character(b$win), mean = num(b$sat), se = num(b$se), ci_low = num(b$ci_l), ci_high = num(b$ci_u))
})
tt <- svyttest(s ~ b, dc)
out$ttest <- list(call = "svyttest(s ~ b, calibrate(d0, ~ct + rv, population = totals))", estimate = num(tt$estimate),
                  statistic = num(tt$statistic), df = num(tt$parameter), p = num(tt$p.value),
                  ci = num(tt$conf.int))
wins <- sort(unique(d$win))
pop <- data.frame(win = wins, Freq = round(1.1 * tapply(d$w, d$win, sum)[wins]))
ps <- postStratify(d0, ~win, pop)
out$pop <- list(win = wins, Freq = num(pop$Freq))
out$chisq <- lapply(setNames(nm = c("F", "Chisq")), function(s) {
  x <- svychisq(~ct + b, ps, statistic = s)
  list(call = sprintf("svychisq(~ct + b, postStratify(d0, ~win, pop), statistic = \"%s\")", s),
       statistic = num(x$statistic), parameter = num(x$parameter), p = num(x$p.value))
})
set.seed(23)
reps <- list(JKn = as.svrepdesign(d0, type = "JKn"), bootstrap = as.svrepdesign(d0, type = "bootstrap", replicates = 40))
out$rep <- lapply(reps, function(rd) {
  rc <- calibrate(rd, ~ct + rv, population = totals)
  e <- rep_fields(rd)
  e$ciprop <- lapply(setNames(nm = c("beta", "logit", "xlogit")), function(m) {
    b <- svyby(~sat, ~win, subset(rc, !is.na(sat)), svyciprop, method = m, vartype = c("se", "ci"), na.rm = TRUE)
    list(call = sprintf("svyby(~sat, ~win, subset(calibrate(rd, ~ct + rv, population = totals), !is.na(sat)), svyciprop, method = \"%s\", vartype = c(\"se\", \"ci\"), na.rm = TRUE)", m),
         win = as.character(b$win), mean = num(b$sat), se = num(b$se), ci_low = num(b$ci_l), ci_high = num(b$ci_u))
  })
  tt <- svyttest(s ~ b, rc)
  e$ttest <- list(call = "svyttest(s ~ b, calibrate(rd, ~ct + rv, population = totals))", estimate = num(tt$estimate),
                  statistic = num(tt$statistic), df = num(tt$parameter), p = num(tt$p.value), ci = num(tt$conf.int))
  e
})
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
