# Golden values for tests/test_survey14_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey14_make_data.py     (seeded; writes tests/golden/survey14_data.csv)
#   Rscript tests/golden/survey14_survey_r.R      (from the project root; writes tests/golden/survey14_survey_r.json)
#
# On two seeded stratified cluster samples (survey14_make_data.py): svyquantile in every qrule and interval.type
# (linearisation and replicate designs, missing values with na.rm = TRUE); svyciprop in every method, on a
# linearisation design and on replicate designs; svyolr on replicate designs; svychisq in every statistic;
# svyby over one and two grouping columns (an empty cell) under each lonely-PSU rule with
# options(survey.adjust.domain.lonely) FALSE and TRUE. Each entry holds the R call that made it ("call").
suppressMessages({library(survey); library(jsonlite)})
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
all <- read.csv(file.path(here, "survey14_data.csv"), colClasses = c(h = "character", psu = "character",
                b = "character", a = "character", g1 = "character", g2 = "character"))
num <- function(x) unname(as.numeric(x))
safe <- function(expr) tryCatch(expr, error = function(e) list(error = conditionMessage(e)))
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey"))))
QS <- c(0.1, 0.25, 0.5, 0.75, 0.9)
RULES <- c("math", "school", "shahvaish", paste0("hf", 1:9))
quant <- function(des, rule, it) safe({
  q <- suppressWarnings(svyquantile(~x, des, QS, qrule = rule, interval.type = it, na.rm = TRUE, ci = TRUE))
  list(est = num(q$x[, 1]), lo = num(q$x[, 2]), hi = num(q$x[, 3]), se = num(q$x[, 4]))
})
ciprop <- function(des, m) safe({
  o <- svyciprop(~y, des, method = m)
  list(est = num(coef(o)), se = num(SE(o)), lo = num(attr(o, "ci")[1]), hi = num(attr(o, "ci")[2]))
})
for (k in 1:2) {
  d <- all[all$set == k, ]
  res <- list()
  options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  res$call <- "svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)"
  # --- quantiles
  for (rule in RULES) for (it in c("mean", "beta", "xlogit", "asin", "score"))
    res[[paste("q", rule, it, sep = "_")]] <- quant(des, rule, it)
  # --- proportions, chi-squared, on the linearisation design
  for (m in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) res[[paste0("ciprop_", m)]] <- ciprop(des, m)
  for (st in c("F", "Chisq", "Wald", "adjWald", "lincom", "saddlepoint")) res[[paste0("chisq_", st)]] <- safe({
    ch <- suppressWarnings(svychisq(~b + a, des, statistic = st))
    list(stat = num(ch$statistic), ndf = num(ch$parameter[1]), ddf = num(ch$parameter[2]), p = num(ch$p.value))
  })
  # svychisq where one variable has missing values (xc: x cut at 5, missing where x is)
  dna <- d
  dna$xc <- ifelse(is.na(dna$x), NA, ifelse(dna$x > 5, "hi", "lo"))
  desna <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = dna)
  for (st in c("F", "Chisq", "Wald", "adjWald", "saddlepoint")) res[[paste0("chisq_na_", st)]] <- safe({
    ch <- suppressWarnings(svychisq(~b + xc, desna, statistic = st))
    list(stat = num(ch$statistic), ndf = num(ch$parameter[1]), ddf = num(ch$parameter[2]), p = num(ch$p.value))
  })
  # --- replicate designs (weights kept: the test rebuilds them with replicate_design)
  set.seed(1400 + k)
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  reps <- list(bootstrap = as.svrepdesign(d0, type = "bootstrap", replicates = 40),
               JKn = as.svrepdesign(d0, type = "JKn"))
  for (ty in names(reps)) {
    rd <- reps[[ty]]
    e <- list(call = paste0("as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type='", ty, "')"),
              repweights = unname(as.matrix(weights(rd, "analysis"))), weights = num(weights(rd, "sampling")),
              scale = rd$scale, rscales = num(rd$rscales), type = rd$type, degf = degf(rd))
    for (rule in c("math", "school", "hf4", "hf7", "shahvaish")) for (it in c("mean", "quantile"))
      e[[paste("q", rule, it, sep = "_")]] <- quant(rd, rule, it)
    for (m in c("logit", "likelihood", "asin", "beta", "mean", "xlogit")) e[[paste0("ciprop_", m)]] <- ciprop(rd, m)
    e$olr <- safe({
      # without the data column w: svyolr.svyrep.design's replicate polr fits evaluate weights = w in the data first,
      # so a column named w (the sampling weights here) would be every replicate's weights (every SE 0)
      rd2 <- rd
      rd2$variables$w <- NULL
      o <- svyolr(factor(o) ~ x + y, rd2)
      list(est = num(c(coef(o))), se = num(SE(o)), df = num(o$df.residual))
    })
    # the same estimator with every polr fit run to convergence (svyolr's replicate fits take polr's default
    # reltol, 1e-8, so R's own SEs are good to about 1e-4): svyolr.svyrep.design's steps with control set
    e$olr_tight <- safe({
      mf <- model.frame(rd)
      ctl <- list(reltol = 1e-15, maxit = 10000)
      mf$.w <- weights(rd, "sampling")
      full <- MASS::polr(factor(o) ~ x + y, data = mf, weights = .w, Hess = TRUE, control = ctl)
      start <- c(full$coefficients, full$zeta)
      betas <- apply(weights(rd, "analysis"), 2, function(w) {
        mf$.w <- w
        m <- MASS::polr(factor(o) ~ x + y, data = mf, weights = .w, start = start, control = ctl)
        c(m$coefficients, m$zeta)
      })
      v <- svrVar(t(betas), rd$scale, rd$rscales, mse = rd$mse, coef = start)
      list(est = num(start), se = num(sqrt(diag(as.matrix(v)))))
    })
    for (st in c("F", "Chisq", "Wald", "adjWald", "saddlepoint")) e[[paste0("chisq_", st)]] <- safe({
      ch <- suppressWarnings(svychisq(~b + a, rd, statistic = st))
      list(stat = num(ch$statistic), ndf = num(ch$parameter[1]), ddf = num(ch$parameter[2]), p = num(ch$p.value))
    })
    # by window: each subset's degf recomputed by R (the rank of its rows' replicate weights, minus one)
    for (m in c("beta", "logit", "mean")) e[[paste0("by_ciprop_", m)]] <- safe({
      b <- svyby(~y, ~g1, rd, svyciprop, method = m, vartype = c("se", "ci"))
      list(g1 = b$g1, est = num(coef(b)), se = num(SE(b)), lo = num(b$ci_l), hi = num(b$ci_u))
    })
    res[[paste0("rep_", ty)]] <- e
  }
  # --- looking further: proportions by window, design effects by two columns and on replicates, quantiles after
  # post-stratification
  options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  for (m in c("beta", "logit", "likelihood", "xlogit", "asin", "mean")) res[[paste0("by_ciprop_", m)]] <- safe({
    b <- svyby(~y, ~g1, des, svyciprop, method = m, vartype = c("se", "ci"))
    list(g1 = b$g1, est = num(coef(b)), se = num(SE(b)), lo = num(b$ci_l), hi = num(b$ci_u))
  })
  res$by2_deff <- safe({
    b <- svyby(~x, ~g1 + g2, des, svymean, deff = TRUE, na.rm = TRUE)
    list(g1 = as.character(b$g1), g2 = as.character(b$g2), est = num(coef(b)), se = num(SE(b)), deff = num(deff(b)))
  })
  for (ty in names(reps)) res[[paste0("rep_deff_", ty)]] <- safe({
    m <- svymean(~x, reps[[ty]], deff = TRUE, na.rm = TRUE)
    t <- svytotal(~x, reps[[ty]], deff = TRUE, na.rm = TRUE)
    list(mean = num(coef(m)), mean_se = num(SE(m)), mean_deff = num(deff(m)),
         total = num(coef(t)), total_se = num(SE(t)), total_deff = num(deff(t)))
  })
  pop <- data.frame(a = c("u", "v", "z"), Freq = c(900, 700, 500))
  dps <- postStratify(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d), ~a, pop)
  for (rule in c("math", "hf7")) for (it in c("mean", "beta", "score"))
    res[[paste("ps_q", rule, it, sep = "_")]] <- quant(dps, rule, it)
  res$ps_call <- "postStratify(svydesign(ids=~psu, strata=~h, weights=~w, data=d), ~a, data.frame(a=c('u','v','z'), Freq=c(900,700,500)))"
  # --- domains: svyby over one and two columns, each lonely-PSU rule, with and without adjust.domain.lonely
  for (rule in c("fail", "adjust", "average", "remove", "certainty")) for (adj in c(FALSE, TRUE)) {
    options(survey.lonely.psu = rule, survey.adjust.domain.lonely = adj)
    des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
    e <- list(call = paste0("options(survey.lonely.psu='", rule, "', survey.adjust.domain.lonely=", adj,
                            "); svyby(~x, ~g1 [+g2], svydesign(ids=~psu, strata=~h, weights=~w), svymean|svytotal, na.rm=TRUE)"))
    e$by1 <- safe({ b <- svyby(~x, ~g1, des, svymean, na.rm = TRUE)
                    list(g1 = b$g1, est = num(coef(b)), se = num(SE(b))) })
    e$by2 <- safe({ b <- svyby(~x, ~g1 + g2, des, svytotal, na.rm = TRUE)
                    list(g1 = as.character(b$g1), g2 = as.character(b$g2), est = num(coef(b)), se = num(SE(b))) })
    e$by1_y <- safe({ b <- svyby(~y, ~g1, des, svymean)
                      list(g1 = b$g1, est = num(coef(b)), se = num(SE(b))) })
    res[[paste0("dom_", rule, "_", adj)]] <- e
  }
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey14_survey_r.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
