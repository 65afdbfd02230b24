# Golden values for tests/test_survey42_sav_r.py, computed by R's survey package.
#
#   Rscript tests/golden/survey42_survey_r.R      (from the project root; writes tests/golden/survey42_survey_r.json)
#
# survey41's delivery as a firm's SPSS system writes it (tests/golden/survey42_data.sav, written by
# survey42_write_sav.py): questions Q1-Q18 labelled with the questions' text, every question coded the other way
# (value labels 1 = 非常满意 … 5 = 非常不满意), don't know as 98 不适用 / 99 拒答 declared user-missing.
# R reads it with its own reading of those declarations, then turns the codes back:
#   s <- haven::read_sav("survey42_data.sav", user_na = FALSE)      # user-missing 98, 99 -> NA
#   d[[item]] <- 6 - as.numeric(haven::zap_labels(s[[Qi]]))          # the labels' direction, 1 = 非常满意
#   des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
# then scores and estimates exactly as survey41_survey_r.R (index: svymean/svyby, confint; rate: svyciprop beta and
# svyby(..., svyciprop, method = "beta", vartype = c("se", "ci")), sub the answerers of the measure).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, golden_meta
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey42_survey_r.json")

s <- haven::read_sav(file.path(here, "survey42_data.sav"), user_na = FALSE)

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

all <- data.frame(respondent_id = as.character(s$respondent_id),
                  window_id = as.character(haven::as_factor(s$window_id)),
                  stratum = as.character(s$stratum), psu = as.character(s$psu),
                  weight = as.character(as.numeric(s$weight)), stringsAsFactors = FALSE)
for (i in seq_along(c(items, "overall"))) {
  x <- 6 - as.numeric(haven::zap_labels(s[[paste0("Q", i)]]))
  all[[c(items, "overall")[i]]] <- ifelse(is.na(x), "", as.character(x))
}

out <- list(meta = golden_meta())
d <- scored(all)
des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)
out$sav <- list(read = "haven::read_sav(user_na = FALSE); 6 - zap_labels(Qi)",
                design = "svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, data = d, nest = TRUE)",
                n = nrow(d), weight_sum = sum(d$weight),
                index = setNames(lapply(index_measures, function(m) index_of(des, m)), index_measures),
                rate = setNames(lapply(rate_measures, function(m) rate_of(des, m)), rate_measures))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
