# Shared by the golden scripts against R's survey package (audit23_survey_r.R, survey15_survey_r.R to
# survey20_survey_r.R): sourced after each has found its folder (`here`).
suppressMessages({library(survey); library(jsonlite)})
num <- function(x) unname(as.numeric(x))
safe <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))

# What the tests need to rebuild a replicate design R made (tests/_survey_r.py, design_from_golden): its replicate
# weights (left out where another entry holds the same ones), sampling weights, scale, rscales, type and degf
rep_fields <- function(rd, repweights = TRUE) {
  e <- list()
  if (repweights) e$repweights <- unname(as.matrix(weights(rd, "analysis")))
  e$weights <- num(weights(rd, "sampling"))
  e$scale <- rd$scale
  e$rscales <- num(rd$rscales)
  e$type <- rd$type
  e$degf <- degf(rd)
  e
}

# bootstrap (40 replicates) and JKn designs of svydesign(ids=~psu, strata=~h, weights=~w, data=d), seeded
boot_jkn <- function(d, seed) {
  set.seed(seed)
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  list(bootstrap = as.svrepdesign(d0, type = "bootstrap", replicates = 40), JKn = as.svrepdesign(d0, type = "JKn"))
}

# svymean, svytotal and svyratio of ~s (over ~tm), na.rm = TRUE, with their calls: the entries mean, total and ratio
# (survey17_survey_r.R, survey19_survey_r.R, survey20_survey_r.R; tests/_survey_r.py check_mean_total_ratio reads them)
mean_total_ratio <- function(des) {
  list(mean = safe({ m <- svymean(~s, des, na.rm = TRUE)
         list(call = "svymean(~s, des, na.rm = TRUE)", est = num(coef(m)), se = num(SE(m))) }),
       total = safe({ m <- svytotal(~s, des, na.rm = TRUE)
         list(call = "svytotal(~s, des, na.rm = TRUE)", est = num(coef(m)), se = num(SE(m))) }),
       ratio = safe({ m <- svyratio(~s, ~tm, des, na.rm = TRUE)
         list(call = "svyratio(~s, ~tm, des, na.rm = TRUE)", est = num(coef(m)), se = num(SE(m))) }))
}

# The preamble the scripts shared (survey15_survey_r.R to survey22_survey_r.R, audit23_survey_r.R, rev22a_trim_r.R):
# a seeded data file of this folder read with its id and group columns as text, as the tests read them, and the
# versions the JSON's meta entry records
read_golden <- function(file, text) read.csv(file.path(here, file), colClasses = setNames(rep("character", length(text)), text))
golden_meta <- function() list(r = R.version.string, survey = as.character(packageVersion("survey")))
