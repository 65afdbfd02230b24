# Golden values for windoweval.survey, computed by R's survey and MASS packages.
#
#   apt-get install -y r-base-core r-cran-survey r-cran-mass r-cran-jsonlite
#   Rscript tests/golden/survey_golden.R        (from the project root)
#
# Reads tests/golden/survey_fixture.csv (written by make_survey_fixture.py, committed) and
# writes tests/golden/survey_golden.json. The scoring rules are written here again, in R,
# independently of the Python code: missing code 9 and blanks are missing; reverse items
# (staff3, eff3) are mirrored (6 - x); a dimension score is the mean of its answered items
# when at least half are answered; the composite is the weighted mean of the dimension
# scores present when they carry at least half of the weight; index = (s - 1) / 4 * 100.
suppressMessages({library(survey); library(MASS); library(jsonlite)})
options(survey.lonely.psu = "fail")

args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
d <- read.csv(file.path(here, "survey_fixture.csv"),
              colClasses = c(respondent_id = "character", window_id = "character",
                             stratum = "character", psu = "character", customer_type = "character"))

dims <- list(environment = c("env1", "env2", "env3"),
             staff = c("staff1", "staff2", "staff3", "staff4"),
             efficiency = c("eff1", "eff2", "eff3", "eff4"),
             information = c("info1", "info2", "info3"),
             convenience = c("conv1", "conv2", "conv3"))
dim_w <- c(environment = 0.15, staff = 0.25, efficiency = 0.25, information = 0.15, convenience = 0.20)
reverse <- c("staff3", "eff3")
items <- unlist(dims, use.names = FALSE)

pts <- d
for (v in c(items, "overall")) {
  x <- pts[[v]]
  x[!(x %in% 1:5)] <- NA
  if (v %in% reverse) x <- 6 - x
  pts[[v]] <- x
}
for (nm in names(dims)) {
  m <- as.matrix(pts[, dims[[nm]]])
  cnt <- rowSums(!is.na(m))
  sc <- rowSums(m, na.rm = TRUE) / cnt
  sc[2 * cnt < length(dims[[nm]])] <- NA
  pts[[nm]] <- sc
}
num <- 0; den <- 0
for (nm in names(dims)) {
  ok <- !is.na(pts[[nm]])
  num <- num + ifelse(ok, dim_w[[nm]] * pts[[nm]], 0)
  den <- den + ifelse(ok, dim_w[[nm]], 0)
}
pts$composite <- ifelse(2 * den >= sum(dim_w) - 1e-12, num / den, NA)

idx <- function(s) (s - 1) / 4 * 100
measures <- c("overall", names(dims), "composite")
for (m in measures) d[[paste0(m, "_idx")]] <- idx(pts[[m]])
d$sat <- as.numeric(pts$overall >= 4)

des <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = d)

out <- list(meta = list(r_version = R.version.string,
                        survey_version = as.character(packageVersion("survey")),
                        mass_version = as.character(packageVersion("MASS")),
                        n = nrow(d)))

# svymean(~<m>_idx, des, na.rm = TRUE) for every measure, with confint()
out$index <- lapply(measures, function(m) {
  f <- as.formula(paste0("~", m, "_idx"))
  e <- svymean(f, des, na.rm = TRUE)
  ci <- confint(e)
  list(measure = m, estimate = unname(coef(e)), se = as.numeric(SE(e)),
       ci_low = ci[1, 1], ci_high = ci[1, 2], n = sum(!is.na(d[[paste0(m, "_idx")]])))
})

# svyby(~overall_idx + composite_idx, ~window_id, des, svymean, na.rm = TRUE)
by_window <- function(m) {
  b <- svyby(as.formula(paste0("~", m, "_idx")), ~window_id, des, svymean, na.rm = TRUE)
  list(measure = m, window_id = b$window_id, estimate = unname(coef(b)), se = as.numeric(SE(b)))
}
out$index_by_window <- lapply(c("overall", "composite", "efficiency"), by_window)

# svyby(~overall_idx, ~customer_type, des, svymean, na.rm = TRUE)
b <- svyby(~overall_idx, ~customer_type, des, svymean, na.rm = TRUE)
out$index_by_customer_type <- list(customer_type = b$customer_type, estimate = unname(coef(b)), se = as.numeric(SE(b)))

# a domain: svymean(~overall_idx, subset(des, customer_type == "business"), na.rm = TRUE)
e <- svymean(~overall_idx, subset(des, customer_type == "business"), na.rm = TRUE)
out$domain_business <- list(estimate = unname(coef(e)), se = as.numeric(SE(e)))

# design effect: svymean(~overall_idx, des, na.rm = TRUE, deff = "replace");
# element variance: svyvar(~overall_idx, subset(des, !is.na(overall_idx))) (the domain's own n in n / (n - 1))
e <- svymean(~overall_idx, des, na.rm = TRUE, deff = "replace")
v <- svyvar(~overall_idx, subset(des, !is.na(overall_idx)))
out$deff <- list(deff = unname(deff(e)), element_var = unname(coef(v))[1])
b <- svyby(~overall_idx, ~window_id, des, svymean, na.rm = TRUE, deff = "replace")
out$deff_by_window <- list(window_id = b$window_id, deff = unname(b[[grep("^DEff", names(b))]]))

# satisfaction rate: svyciprop(~sat, subset(des, !is.na(sat)), method = "beta" / "logit")
dsat <- subset(des, !is.na(sat))
rate <- function(method) {
  e <- svyciprop(~sat, dsat, method = method)
  ci <- attr(e, "ci")
  list(method = method, rate = unname(as.numeric(e)), se = unname(sqrt(attr(e, "var")))[1],
       ci_low = unname(ci[1]), ci_high = unname(ci[2]), df = degf(dsat), n = nrow(dsat))
}
out$rate <- lapply(c("beta", "logit"), rate)
# svyby(~sat, ~window_id, subset(des, !is.na(sat)), svyciprop, method = ..., vartype = c("se", "ci"))
rate_by <- function(method) {
  b <- svyby(~sat, ~window_id, dsat, svyciprop, method = method, vartype = c("se", "ci"))
  list(method = method, window_id = b$window_id, rate = unname(b$sat), se = unname(b[["se.as.numeric(sat)"]]),
       ci_low = unname(b$ci_l), ci_high = unname(b$ci_u))
}
out$rate_by_window <- lapply(c("beta", "logit"), rate_by)

# lonely PSU: keep one PSU of stratum D1 only, then options(survey.lonely.psu = rule)
first_d1 <- sort(unique(d$psu[d$stratum == "D1"]))[1]
dl <- d[!(d$stratum == "D1" & d$psu != first_d1), ]
desl <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = dl)
out$lonely <- lapply(c("adjust", "certainty", "remove", "average"), function(rule) {
  options(survey.lonely.psu = rule)
  e <- svymean(~overall_idx, desl, na.rm = TRUE)
  b <- svyby(~overall_idx, ~window_id, desl, svymean, na.rm = TRUE)
  options(survey.lonely.psu = "fail")
  list(rule = rule, first_d1_psu = first_d1, n = nrow(dl), estimate = unname(coef(e)), se = as.numeric(SE(e)),
       window_id = b$window_id, by_estimate = unname(coef(b)), by_se = as.numeric(SE(b)))
})

# Cronbach's alpha per dimension, complete cases, on the recoded (reverse-mirrored) items:
# alpha = k / (k - 1) * (1 - sum(var(item)) / var(sum of items))
out$alpha <- lapply(names(dims), function(nm) {
  m <- na.omit(as.matrix(pts[, dims[[nm]]]))
  k <- ncol(m)
  list(dimension = nm, n = nrow(m), alpha = k / (k - 1) * (1 - sum(apply(m, 2, var)) / var(rowSums(m))))
})

# drivers: MASS::polr(factor(overall) ~ dimension scores (1-5 points), method = "logistic"), complete cases
pd <- na.omit(data.frame(overall = factor(pts$overall, ordered = TRUE), pts[, names(dims)]))
fit <- polr(overall ~ environment + staff + efficiency + information + convenience, data = pd,
            method = "logistic", Hess = TRUE, control = list(reltol = 1e-15, maxit = 10000))
out$polr <- list(n = nrow(pd), coef = as.list(coef(fit)), zeta = unname(fit$zeta),
                 se = as.list(sqrt(diag(vcov(fit)))[names(coef(fit))]), loglik = as.numeric(logLik(fit)))

# drivers, design-based: survey::svyolr on the same model and design (complete cases), optim tolerances tight
dd <- d; for (nm in names(dims)) dd[[nm]] <- pts[[nm]]; dd$overall_pts <- pts$overall
des_drv <- svydesign(ids = ~psu, strata = ~stratum, weights = ~weight, nest = TRUE, data = dd)
so <- svyolr(factor(overall_pts) ~ environment + staff + efficiency + information + convenience, des_drv,
             control = list(reltol = 1e-15, maxit = 10000, ndeps = rep(1e-6, 4 + nlevels(factor(dd$overall_pts)))))
out$svyolr <- list(coef = as.list(coef(so)[1:5]), zeta = unname(coef(so)[-(1:5)]), se = as.list(SE(so)[1:5]))

writeLines(toJSON(out, auto_unbox = TRUE, digits = NA, pretty = TRUE), file.path(here, "survey_golden.json"))
cat("wrote", file.path(here, "survey_golden.json"), "\n")
