# Golden values for tests/test_survey40_estimates_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/survey40_survey_r.R      (from the project root; writes tests/golden/survey40_survey_r.json)
#
# Two firms' deliveries (tests/golden/survey40_data.csv, written by survey40_make_data.py; the test delivers set A as
# an SPSS .sav and set B as an XLSX of label text, and reads them back through `windoweval survey estimate`).
# Scoring as surveys/README.md section 7 and windoweval.survey.estimate.score_responses: an answer 1-5 counts (9,
# SPSS's user-missing 99 and a blank are NA); the reverse items staff3 and eff3 are mirrored (6 - code); a dimension is
# the mean of its answered items when at least half are answered; the composite weights the dimensions scored
# (0.15, 0.25, 0.25, 0.15, 0.20) when they hold at least half the weight; index = (score - 1) / 4 * 100; satisfied =
# points >= 4.  Each measure's domain is its answerers (surveys/README.md: subset(des, !is.na(y))).
# * "A": des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~N_psu, data = A, nest = TRUE)
#   (N_psu: the stratum's population of PSUs; the weights sum to no population).
# * "B": des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = B, nest = TRUE), stratum S4 holding
#   one respondent, under options(survey.lonely.psu = "adjust") and "average"; R's default ("fail") stops.
# Index: svymean(~y, sub) and svyby(~y, ~window_id, sub, svymean), confint() (normal); rate: svyciprop(~y, sub,
# method = "beta") and svyby(~y, ~window_id, sub, svyciprop, method = "beta", vartype = c("se", "ci")).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, golden_meta
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey40_survey_r.json")

all <- read.csv(file.path(here, "survey40_data.csv"), colClasses = "character")
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

A <- scored(all[all$set == "A", ])
A$N_psu <- as.numeric(A$N_psu)
des_a <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~N_psu, data = A, nest = TRUE)
out$A <- list(design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, fpc = ~N_psu, data = A, nest = TRUE)",
              weight_sum = sum(A$weight),
              index = setNames(lapply(index_measures, function(m) index_of(des_a, m)), index_measures),
              rate = setNames(lapply(rate_measures, function(m) rate_of(des_a, m)), rate_measures))

B <- scored(all[all$set == "B", ])
des_b <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = B, nest = TRUE)
out$B <- list(design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = B, nest = TRUE)")
options(survey.lonely.psu = "fail")
out$B$fail <- safe(list(se = num(SE(svymean(~i_overall, des_b[!is.na(des_b$variables$i_overall), ])))))
for (rule in c("adjust", "average")) {
  options(survey.lonely.psu = rule)
  out$B[[rule]] <- list(option = sprintf("options(survey.lonely.psu = \"%s\")", rule),
                        index = setNames(lapply(index_measures, function(m) index_of(des_b, m)), index_measures),
                        rate = setNames(lapply(rate_measures, function(m) rate_of(des_b, m)), rate_measures))
}
options(survey.lonely.psu = "fail")
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
