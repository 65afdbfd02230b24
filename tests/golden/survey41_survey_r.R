# Golden values for tests/test_user41_survey_halls_r.py, computed by R's survey package.
#
#   Rscript tests/golden/survey41_survey_r.R      (from the project root; writes tests/golden/survey41_survey_r.json)
#
# A survey firm's delivery with halls as clusters (tests/golden/survey41_data.csv, written by survey41_make_data.py;
# the test delivers it as a CSV whose weight column is headed 最终权重 and whose PSU column holds the hall):
#   des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
# strata the districts 东区/西区/南区, the PSU the hall (= the window), the weights the firm's final (raked) weights
# taken as they are (no calibration redone: svydesign's linearisation about these weights).
# Scoring as surveys/README.md section 7 and windoweval.survey.estimate.score_responses (as survey40_survey_r.R).
# Index: svymean(~y, sub) and svyby(~y, ~window_id, sub, svymean), confint() (normal); rate: svyciprop(~y, sub,
# method = "beta") and svyby(~y, ~window_id, sub, svyciprop, method = "beta", vartype = c("se", "ci")), sub the
# answerers of the measure.  A window being one PSU, its domain's linearised total is zero in every PSU: R's
# standard error of a window is 0 (the interval collapses to the estimate; svyciprop's is NaN).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, golden_meta
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey41_survey_r.json")

all <- read.csv(file.path(here, "survey41_data.csv"), colClasses = "character")
items <- c("env1", "env2", "env3", "staff1", "staff2", "staff3", "staff4", "eff1", "eff2", "eff3", "eff4",
           "info1", "info2", "info3", "conv1", "conv2", "conv3")
dims <- list(environment = c("env1", "env2", "env3"), staff = c("staff1", "staff2", "staff3", "staff4"),
             efficiency = c("eff1", "eff2", "eff3", "eff4"), information = c("info1", "info2", "info3"),
             convenience = c("conv1", "conv2", "conv3"))
dim_w <- c(environment = 0.15, staff = 0.25, efficiency = 0.25, information = 0.15, convenience = 0.20)
index_measures <- c("overall", names(dims), "composite")
rate_measures <- c(items, "overall")

scored <- function(d) {
  pts <- sapply(c(items, "overall"), function(it) {
    x <- suppressWarnings(as.numeric(d[[it]]))
    x[!(x %in% 1:5)] <- NA
    if (it %in% c("staff3", "eff3")) x <- 6 - x
    x
  })
  d$weight <- as.numeric(d$weight)
  num_c <- rep(0, nrow(d)); w_c <- rep(0, nrow(d))
  for (k in names(dims)) {
    X <- pts[, dims[[k]], drop = FALSE]
    cnt <- rowSums(!is.na(X))
    s <- ifelse(2 * cnt >= length(dims[[k]]), rowSums(X, na.rm = TRUE) / cnt, NA)
    d[[paste0("i_", k)]] <- (s - 1) / 4 * 100
    num_c <- num_c + ifelse(is.na(s), 0, dim_w[[k]] * s)
    w_c <- w_c + ifelse(is.na(s), 0, dim_w[[k]])
  }
  comp <- ifelse(2 * w_c >= sum(dim_w) - 1e-12, num_c / w_c, NA)
  d$i_composite <- (comp - 1) / 4 * 100
  d$i_overall <- (pts[, "overall"] - 1) / 4 * 100
  for (it in rate_measures) d[[paste0("s_", it)]] <- ifelse(is.na(pts[, it]), NA, as.numeric(pts[, it] >= 4))
  d
}

index_of <- function(des, m) {
  y <- paste0("i_", m)
  f <- as.formula(paste0("~", y))
  sub <- des[!is.na(des$variables[[y]]), ]
  a <- svymean(f, sub)
  b <- svyby(f, ~window_id, sub, svymean)
  ca <- confint(a); cb <- confint(b)
  list(call = sprintf("svymean(%s, sub); svyby(%s, ~window_id, sub, svymean); sub <- des[!is.na(des$variables$%s), ]",
                      deparse(f), deparse(f), y),
       all = list(n = nrow(sub), est = num(coef(a)), se = num(SE(a)), ci_low = num(ca[, 1]), ci_high = num(ca[, 2])),
       win = as.character(b$window_id), est = num(coef(b)), se = num(SE(b)),
       ci_low = num(cb[, 1]), ci_high = num(cb[, 2]))
}

rate_of <- function(des, m) {
  y <- paste0("s_", m)
  f <- as.formula(paste0("~", y))
  sub <- des[!is.na(des$variables[[y]]), ]
  a <- svyciprop(f, sub, method = "beta")
  b <- svyby(f, ~window_id, sub, svyciprop, method = "beta", vartype = c("se", "ci"))
  list(call = sprintf("svyciprop(%s, sub, method = \"beta\"); svyby(%s, ~window_id, sub, svyciprop, method = \"beta\", vartype = c(\"se\", \"ci\"))",
                      deparse(f), deparse(f)),
       all = list(est = num(coef(a)), se = num(SE(a)), ci_low = num(attr(a, "ci")[1]), ci_high = num(attr(a, "ci")[2])),
       win = as.character(b$window_id), est = num(b[[y]]), se = num(b$se), ci_low = num(b$ci_l), ci_high = num(b$ci_u))
}

out <- list(meta = golden_meta())

d <- scored(all)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
out$halls <- list(design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)",
                  weight_sum = sum(d$weight), n_psu = length(unique(d$psu)),
                  index = setNames(lapply(index_measures, function(m) index_of(des, m)), index_measures),
                  rate = setNames(lapply(rate_measures, function(m) rate_of(des, m)), rate_measures))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
