# Golden values for tests/test_survey43_weight_scale_r.py, computed by R's survey package.
#
#   Rscript tests/golden/survey43_survey_r.R      (from the project root; writes tests/golden/survey43_survey_r.json)
#
# The same delivery (tests/golden/survey41_data.csv) with its weights as two firms deliver them: expansion weights,
# each the people a respondent stands for, summing to the population (the stored file's, sum 19755.26), and the same
# weights normalised to the number of respondents (w * n / sum(w), summing to n):
#   des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
#   d$weight <- d$weight * nrow(d) / sum(d$weight)   # normalised
# Index and rate as survey41_survey_r.R (svymean/svyby; svyciprop(method = "beta")/svyby): equal under both scales,
# since a mean is a ratio of weighted totals; svytotal(~one, des) (the population the weights stand for) is not.
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, golden_meta
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey43_survey_r.json")

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
for (scale in c("expansion", "normalised")) {
  d <- scored(all)
  if (scale == "normalised") d$weight <- d$weight * nrow(d) / sum(d$weight)
  d$one <- 1
  des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
  tot <- svytotal(~one, des)
  out[[scale]] <- list(design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)",
                       weight_sum = sum(d$weight), population = num(coef(tot)),
                       index = setNames(lapply(index_measures, function(m) index_of(des, m)), index_measures),
                       rate = setNames(lapply(c("overall"), function(m) rate_of(des, m)), "overall"))
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
