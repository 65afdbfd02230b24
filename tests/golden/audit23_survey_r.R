# Golden values for tests/test_audit23_survey_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/audit23_make_data.py      (seeded; writes tests/golden/audit23_data.csv)
#   Rscript tests/golden/audit23_survey_r.R       (from the project root; writes tests/golden/audit23_survey_r.json)
#
# Designs not pinned before, on three seeded random data sets (see audit23_make_data.py): PSU ids repeated
# across strata (nest = TRUE), a lonely stratum (h4), probs instead of weights, fpc as population sizes and as
# fractions, two stages with fpc per stage and PSUs with one sampled unit, each options(survey.lonely.psu);
# replicate designs (JK1, JKn, bootstrap, BRR, Fay) with mse TRUE and FALSE; svyciprop near 0 and 1 in every
# method; svyquantile with ties; svychisq; svyglm quasibinomial / poisson; svyolr; svyttest.
# Each entry holds the R call that made it ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, boot_jkn
all <- read_golden("audit23_data.csv", c("h", "psu", "ssu", "a", "b"))
ci <- function(o) { c0 <- confint(o); list(lo = num(c0[, 1]), hi = num(c0[, 2])) }
out <- list(meta = golden_meta())

basic <- function(des) {
  r <- list()
  m <- svymean(~x, des, deff = TRUE)
  r$mean_x <- c(list(est = num(coef(m)), se = num(SE(m)), deff = num(deff(m))), ci(m))
  t <- svytotal(~x, des, deff = TRUE)
  r$total_x <- c(list(est = num(coef(t)), se = num(SE(t)), deff = num(deff(t))), ci(t))
  b <- svyby(~x, ~a, des, svymean)
  r$by_a <- list(a = b$a, est = num(coef(b)), se = num(SE(b)))
  rr <- svyratio(~c, ~x, des)
  r$ratio <- list(est = num(coef(rr)), se = num(SE(rr)))
  r
}
props <- function(des, methods) {
  r <- list()
  for (v in c("y0", "y1")) for (m in methods) {
    o <- svyciprop(as.formula(paste0("~", v)), des, method = m)
    r[[paste0(v, "_", m)]] <- list(est = num(coef(o)), se = num(SE(o)), lo = num(attr(o, "ci")[1]), hi = num(attr(o, "ci")[2]))
  }
  r
}

for (k in 1:3) {
  d <- all[all$set == k, ]
  res <- list()
  # one stage, probs, fpc as counts and as fractions, lonely stratum h4 under each rule
  for (rule in c("adjust", "average", "remove", "certainty")) {
    options(survey.lonely.psu = rule)
    des <- svydesign(ids = ~psu, strata = ~h, probs = ~p, fpc = ~N1, nest = TRUE, data = d)
    res[[paste0("one_N_", rule)]] <- c(list(call = paste0("options(survey.lonely.psu='", rule,
      "'); svydesign(ids=~psu, strata=~h, probs=~p, fpc=~N1, nest=TRUE)")), basic(des), props(des, c("beta", "logit")))
    des <- svydesign(ids = ~psu, strata = ~h, probs = ~p, fpc = ~f1, nest = TRUE, data = d)
    res[[paste0("one_f_", rule)]] <- c(list(call = paste0("options(survey.lonely.psu='", rule,
      "'); svydesign(ids=~psu, strata=~h, probs=~p, fpc=~f1, nest=TRUE)")), basic(des))
    # two stages, fpc per stage (counts / fractions); PSUs with one sampled unit at stage 2
    des <- svydesign(ids = ~psu + ssu, strata = ~h, probs = ~p, fpc = ~N1 + N2, nest = TRUE, data = d)
    res[[paste0("two_N_", rule)]] <- c(list(call = paste0("options(survey.lonely.psu='", rule,
      "'); svydesign(ids=~psu+ssu, strata=~h, probs=~p, fpc=~N1+N2, nest=TRUE)")), basic(des))
    des <- svydesign(ids = ~psu + ssu, strata = ~h, probs = ~p, fpc = ~f1 + f2, nest = TRUE, data = d)
    res[[paste0("two_f_", rule)]] <- c(list(call = paste0("options(survey.lonely.psu='", rule,
      "'); svydesign(ids=~psu+ssu, strata=~h, probs=~p, fpc=~f1+f2, nest=TRUE)")), basic(des))
  }
  options(survey.lonely.psu = "fail")
  dn <- d[d$h != "h4", ]
  des <- svydesign(ids = ~psu, strata = ~h, probs = ~p, nest = TRUE, data = dn)
  nl <- list(call = "svydesign(ids=~psu, strata=~h, probs=~p, nest=TRUE, data=d[d$h != 'h4', ])")
  nl <- c(nl, basic(des), props(des, c("beta", "logit", "likelihood", "asin", "mean", "xlogit")))
  q <- svyquantile(~x, des, c(0.1, 0.5, 0.9), ci = TRUE)
  nl$quantile <- list(est = num(q$x[, 1]), lo = num(q$x[, 2]), hi = num(q$x[, 3]), se = num(q$x[, 4]))
  for (st in c("F", "Chisq", "Wald", "adjWald", "lincom")) {
    ch <- svychisq(~b + o, des, statistic = st)
    nl[[paste0("chisq_", st)]] <- list(stat = num(ch$statistic), ndf = num(ch$parameter[1]),
                                       ddf = num(ch$parameter[2]), p = num(ch$p.value))
  }
  g <- svyglm(y1 ~ x + b, des, family = quasibinomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
  nl$glm_qb <- list(est = num(coef(g)), se = num(SE(g)), df = num(g$df.residual))
  g <- svyglm(c ~ x + b, des, family = poisson(), control = glm.control(epsilon = 1e-14, maxit = 100))
  nl$glm_pois <- list(est = num(coef(g)), se = num(SE(g)), df = num(g$df.residual))
  g <- svyglm(c ~ x + b, des, family = quasipoisson(), control = glm.control(epsilon = 1e-14, maxit = 100))
  nl$glm_qpois <- list(est = num(coef(g)), se = num(SE(g)), df = num(g$df.residual))
  o <- svyolr(factor(o) ~ x, des, control = list(reltol = 1e-15, maxit = 10000, ndeps = rep(1e-6, 4)))
  nl$olr <- list(est = num(c(coef(o))), se = num(SE(o)))
  tt <- svyttest(x ~ b, des)
  nl$ttest <- list(est = num(tt$estimate), t = num(tt$statistic), df = num(tt$parameter), p = num(tt$p.value))
  res$nolonely <- nl
  # replicate designs
  dn$half <- as.character((as.integer(dn$psu) - 1) %% 2 + 1)
  dh <- svydesign(ids = ~half, strata = ~h, probs = ~p, nest = TRUE, data = dn)
  set.seed(100 + k)
  dn$pid <- paste(dn$h, dn$psu)
  d1 <- svydesign(ids = ~pid, probs = ~p, data = dn)
  reps <- list(JK1 = function(mse) as.svrepdesign(d1, type = "JK1", mse = mse),   # d1: no strata (JK1 needs none)
               JKn = function(mse) as.svrepdesign(des, type = "JKn", mse = mse),
               bootstrap = function(mse) as.svrepdesign(des, type = "bootstrap", replicates = 20, mse = mse),
               BRR = function(mse) as.svrepdesign(dh, type = "BRR", mse = mse),
               Fay = function(mse) as.svrepdesign(dh, type = "Fay", fay.rho = 0.3, mse = mse))
  for (ty in names(reps)) for (mse in c(FALSE, TRUE)) {
    if (!mse) rd0 <- reps[[ty]](FALSE)          # one set of replicates per type; mse = TRUE on the same ones
    rd <- rd0
    rd$mse <- mse
    e <- basic(rd)
    e$call <- paste0("as.svrepdesign(", switch(ty, BRR = , Fay = "svydesign(ids=~half, strata=~h, probs=~p, nest=TRUE)", JK1 = "svydesign(ids=~pid, probs=~p)", "des"),
                     ", type='", ty, "', mse=", mse, ")")
    e <- c(e, rep_fields(rd, repweights = !mse))   # the mse = TRUE entry uses the mse = FALSE entry's replicate weights
    g <- svyglm(x ~ b, rd)
    e$glm <- list(est = num(coef(g)), se = num(SE(g)), df = num(g$df.residual))
    ch <- svychisq(~b + o, rd)
    e$chisq_F <- list(stat = num(ch$statistic), ndf = num(ch$parameter[1]), ddf = num(ch$parameter[2]), p = num(ch$p.value))
    q <- svyquantile(~x, rd, c(0.1, 0.5, 0.9), ci = TRUE)
    e$quantile <- list(est = num(q$x[, 1]), lo = num(q$x[, 2]), hi = num(q$x[, 3]), se = num(q$x[, 4]))
    res[[paste0("rep_", ty, "_", if (mse) "mse" else "mean")]] <- e
  }
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "audit23_survey_r.json"), digits = NA, auto_unbox = TRUE, pretty = TRUE)
