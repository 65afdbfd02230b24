# Golden values for windoweval.survey.design, computed by R's survey package on Lumley's api data.
#
#   apt-get install -y r-base-core r-cran-survey r-cran-jsonlite
#   Rscript tests/golden/survey_designs_golden.R        (from the project root)
#
# Writes the api data the package ships (data(api)) to tests/data/survey/api/*.csv, the replicate
# weights it builds to tests/data/survey/api/rep_*.csv, and every value to
# tests/golden/survey_designs_golden.json. tests/test_survey_designs.py compares against the JSON
# (no R needed at test time); each entry names the R call that made it.
suppressMessages({library(survey); library(jsonlite)})
options(survey.lonely.psu = "fail")
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
dd <- file.path(here, "..", "data", "survey", "api")
dir.create(dd, showWarnings = FALSE, recursive = TRUE)
data(api)
prep <- function(d) { d$yes <- as.numeric(d$sch.wide == "Yes"); d }
apistrat <- prep(apistrat); apiclus1 <- prep(apiclus1); apiclus2 <- prep(apiclus2)
keep <- c("cds", "stype", "dnum", "snum", "api00", "api99", "enroll", "api.stu", "ell", "meals",
          "mobility", "sch.wide", "comp.imp", "yes", "pw", "fpc")
w <- function(d, name, extra = character()) write.csv(d[, intersect(c(keep, extra), names(d))], file.path(dd, name), row.names = FALSE)
apistrat$frac <- as.vector(table(apistrat$stype)[apistrat$stype]) / apistrat$fpc
apistrat$half <- ave(seq_len(nrow(apistrat)), apistrat$stype, FUN = function(i) rep(1:2, length.out = length(i)))
w(apistrat, "apistrat.csv", c("frac", "half")); w(apiclus1, "apiclus1.csv"); w(apiclus2, "apiclus2.csv", c("fpc1", "fpc2"))

res <- list()
put <- function(name, call, x) res[[name]] <<- list(call = call, value = x)
mean_se <- function(m) list(est = unname(coef(m)), se = unname(SE(m)))
with_deff <- function(m) list(est = unname(coef(m)), se = unname(SE(m)), deff = unname(deff(m)))

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
dstrat_frac <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~frac, data = apistrat)
dstrat_nofpc <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat)
dnostrata <- svydesign(id = ~1, weights = ~pw, data = apistrat)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, fpc = ~fpc, data = apiclus1)
dclus1_nofpc <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)

put("strat_fpc_mean", "svymean(~api00, dstrat, deff=TRUE)", with_deff(svymean(~api00, dstrat, deff = TRUE)))
put("strat_fpc_mean_replace", "svymean(~api00, dstrat, deff='replace')", with_deff(svymean(~api00, dstrat, deff = "replace")))
put("strat_fpc_total", "svytotal(~enroll, dstrat, deff=TRUE)", with_deff(svytotal(~enroll, dstrat, deff = TRUE)))
put("strat_fpc_total_replace", "svytotal(~enroll, dstrat, deff='replace')", with_deff(svytotal(~enroll, dstrat, deff = "replace")))
put("strat_frac_mean", "svymean(~api00, svydesign(id=~1, strata=~stype, weights=~pw, fpc=~frac))", mean_se(svymean(~api00, dstrat_frac)))
put("strat_nofpc_mean", "svymean(~api00, svydesign(id=~1, strata=~stype, weights=~pw))", mean_se(svymean(~api00, dstrat_nofpc)))
put("nostrata_mean", "svymean(~api00, svydesign(id=~1, weights=~pw, data=apistrat))", mean_se(svymean(~api00, dnostrata)))
put("clus1_fpc_mean", "svymean(~api00, dclus1, deff=TRUE)", with_deff(svymean(~api00, dclus1, deff = TRUE)))
put("clus1_fpc_mean_replace", "svymean(~api00, dclus1, deff='replace')", with_deff(svymean(~api00, dclus1, deff = "replace")))
put("clus1_nofpc_mean", "svymean(~api00, svydesign(id=~dnum, weights=~pw, data=apiclus1))", mean_se(svymean(~api00, dclus1_nofpc)))
put("clus1_fpc_total", "svytotal(~enroll, dclus1)", mean_se(svytotal(~enroll, dclus1)))
put("clus2_mean", "svymean(~api00, svydesign(id=~dnum+snum, fpc=~fpc1+fpc2, data=apiclus2))", mean_se(svymean(~api00, dclus2)))
put("clus2_total", "svytotal(~enroll, dclus2, na.rm=TRUE)", mean_se(svytotal(~enroll, dclus2, na.rm = TRUE)))
b <- svyby(~api00, ~stype, dclus1, svymean)
put("clus1_by_stype", "svyby(~api00, ~stype, dclus1, svymean)", list(stype = as.character(b$stype), est = unname(coef(b)), se = unname(SE(b))))

pop.types <- data.frame(stype = c("E", "H", "M"), Freq = c(4421, 755, 1018))
pop.schwide <- data.frame(sch.wide = c("No", "Yes"), Freq = c(1072, 5122))
dps <- postStratify(dclus1, ~stype, pop.types)
put("clus1_poststratify_mean", "svymean(~api00, postStratify(dclus1, ~stype, pop.types))", mean_se(svymean(~api00, dps)))
put("clus1_poststratify_total", "svytotal(~enroll, postStratify(dclus1, ~stype, pop.types))", mean_se(svytotal(~enroll, dps)))
drk <- rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control = list(maxit = 100, epsilon = 1e-10))
put("clus1_rake_mean", "svymean(~api00, rake(dclus1, list(~stype, ~sch.wide), list(pop.types, pop.schwide), control=list(maxit=100, epsilon=1e-10)))", mean_se(svymean(~api00, drk)))
put("clus1_rake_weights", "weights(rake(...))", unname(weights(drk)))
dcal <- calibrate(dclus1, ~stype + api99, c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, api99 = 3914069), calfun = "linear")
put("clus1_calibrate_mean", "svymean(~api00, calibrate(dclus1, ~stype+api99, c(6194, 755, 1018, 3914069)))", mean_se(svymean(~api00, dcal)))
put("clus1_calibrate_total", "svytotal(~enroll, calibrate(dclus1, ~stype+api99, ...))", mean_se(svytotal(~enroll, dcal)))

r <- svyratio(~api.stu, ~enroll, dclus1)
put("clus1_ratio", "svyratio(~api.stu, ~enroll, dclus1)", list(est = unname(coef(r)), se = unname(SE(r))))
g <- svyglm(api00 ~ ell + meals + mobility, design = dstrat)
put("strat_glm_linear", "svyglm(api00 ~ ell + meals + mobility, design=dstrat)",
    list(est = unname(coef(g)), se = unname(SE(g)), df = g$df.residual))
gl <- svyglm(yes ~ ell + meals, design = dclus2, family = quasibinomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
put("clus2_glm_logistic", "svyglm(yes ~ ell + meals, design=dclus2, family=quasibinomial(), control=glm.control(epsilon=1e-14, maxit=100))",
    list(est = unname(coef(gl)), se = unname(SE(gl))))
gs <- svyglm(api00 ~ ell + stype, design = dclus1)
put("clus1_glm_factor", "svyglm(api00 ~ ell + stype, design=dclus1)", list(est = unname(coef(gs)), se = unname(SE(gs))))
tt <- svyttest(api00 ~ comp.imp, dclus1)
put("clus1_ttest", "svyttest(api00 ~ comp.imp, dclus1)",
    list(est = unname(tt$estimate), t = unname(tt$statistic), df = unname(tt$parameter), p = unname(tt$p.value)))
q <- svyquantile(~api00, dclus1, c(0.25, 0.5, 0.9), ci = TRUE)
put("clus1_quantile", "svyquantile(~api00, dclus1, c(0.25, 0.5, 0.9), ci=TRUE)",
    list(est = unname(q$api00[, 1]), ci_low = unname(q$api00[, 2]), ci_high = unname(q$api00[, 3]), se = unname(q$api00[, 4])))

# replicate weights, written out as a survey firm would deliver them
repw <- function(des, name) {
  rw <- as.matrix(weights(des, "analysis"))
  colnames(rw) <- sprintf("rep%03d", seq_len(ncol(rw)))
  write.csv(rw, file.path(dd, name), row.names = FALSE)
}
jk1 <- as.svrepdesign(dclus1, type = "JK1"); repw(jk1, "rep_jk1_apiclus1.csv")
put("jk1_mean", "svymean(~api00, as.svrepdesign(dclus1, type='JK1'))",
    c(mean_se(svymean(~api00, jk1)), list(scale = jk1$scale, rscales = unname(jk1$rscales))))
put("jk1_total", "svytotal(~enroll, as.svrepdesign(dclus1, type='JK1'))", mean_se(svytotal(~enroll, jk1)))
put("jk1_ratio", "svyratio(~api.stu, ~enroll, as.svrepdesign(dclus1, type='JK1'))",
    {r <- svyratio(~api.stu, ~enroll, jk1); list(est = unname(coef(r)), se = unname(SE(r)))})
jkn <- as.svrepdesign(dstrat_nofpc, type = "JKn"); repw(jkn, "rep_jkn_apistrat.csv")
put("jkn_mean", "svymean(~api00, as.svrepdesign(svydesign(id=~1, strata=~stype, weights=~pw), type='JKn'))",
    c(mean_se(svymean(~api00, jkn)), list(rscales = unname(jkn$rscales), scale = jkn$scale)))
set.seed(20251)
bs <- as.svrepdesign(dclus1, type = "bootstrap", replicates = 50); repw(bs, "rep_boot_apiclus1.csv")
put("boot_mean", "set.seed(20251); svymean(~api00, as.svrepdesign(dclus1, type='bootstrap', replicates=50))",
    c(mean_se(svymean(~api00, bs)), list(scale = bs$scale, rscales = unname(bs$rscales))))
dhalf <- svydesign(id = ~half, strata = ~stype, weights = ~pw, nest = TRUE, data = apistrat)
brr <- as.svrepdesign(dhalf, type = "BRR"); repw(brr, "rep_brr_apistrat.csv")
put("brr_mean", "svymean(~api00, as.svrepdesign(svydesign(id=~half, strata=~stype, weights=~pw, nest=TRUE), type='BRR'))",
    c(mean_se(svymean(~api00, brr)), list(scale = brr$scale, rscales = unname(brr$rscales))))
put("brr_glm", "svyglm(api00 ~ ell + meals, design=brr)",
    {gg <- svyglm(api00 ~ ell + meals, design = brr); list(est = unname(coef(gg)), se = unname(SE(gg)))})

ch <- svychisq(~stype + sch.wide, dclus1)
put("clus1_chisq_F", "svychisq(~stype + sch.wide, dclus1)",
    list(stat = unname(ch$statistic), ndf = unname(ch$parameter[1]), ddf = unname(ch$parameter[2]), p = unname(ch$p.value)))
ch2 <- svychisq(~stype + comp.imp, dstrat, statistic = "Chisq")
put("strat_chisq_Chisq", "svychisq(~stype + comp.imp, dstrat, statistic='Chisq')",
    list(stat = unname(ch2$statistic), p = unname(ch2$p.value)))
apistrat$grade <- cut(apistrat$api00, c(0, 600, 700, 800, 1000), labels = FALSE)
dstrat_g <- svydesign(id = ~1, strata = ~stype, weights = ~pw, fpc = ~fpc, data = apistrat)
o <- svyolr(factor(grade) ~ ell + meals, dstrat_g, control = list(reltol = 1e-15, maxit = 10000, ndeps = rep(1e-6, 5)))
put("strat_olr", "svyolr(factor(cut(api00, c(0,600,700,800,1000))) ~ ell + meals, dstrat, control=list(reltol=1e-15, ndeps=1e-6))",
    list(coef = unname(coef(o)), se = unname(SE(o))))

res$meta <- list(r_version = R.version.string, survey_version = as.character(packageVersion("survey")))
writeLines(toJSON(res, digits = NA, auto_unbox = TRUE, pretty = TRUE), file.path(here, "survey_designs_golden.json"))
