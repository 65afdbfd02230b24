# Golden values for tests/test_survey15_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey15_make_data.py     (seeded; writes tests/golden/survey15_data.csv)
#   Rscript tests/golden/survey15_survey_r.R      (from the project root; writes tests/golden/survey15_survey_r.json)
#
# On two seeded data sets (survey15_make_data.py), each two survey years of a stratified cluster sample with the
# years in strata of their own: svyratio overall and by window (svyby, one and two grouping columns) with deff;
# svyvar overall and by window; svycontrast of year against year and of window against window (svyby covmat =
# TRUE on replicate designs; on the linearisation design R 4.1.1's svyby covmat is block-diagonal, which is exact
# only between groups in separate strata -- the years here --, so window-against-window contrasts take their
# covariance from svyratio(covmat = TRUE) on domain indicators, the full covariance); svyranktest in its four tests
# with two and three groups; svyttest; all on the linearisation design (fpc) and on bootstrap and JKn replicates.
# Each entry holds the R call that made it ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields, boot_jkn
all <- read_golden("survey15_data.csv", c("h", "psu", "win", "g1", "b"))
out <- list(meta = golden_meta())
TESTS <- c("wilcoxon", "vanderWaerden", "median", "KruskalWallis")
W <- c("W1", "W2", "W3")

stats_for <- function(des, lin) {
  e <- list()
  e$ratio <- safe({
    r <- svyratio(~s, ~v, des, na.rm = TRUE)
    list(call = "svyratio(~s, ~v, des, na.rm = TRUE)", est = num(coef(r)), se = num(SE(r)))
  })
  # deff = TRUE | "replace" (svyratio.svyrep.design stops here in survey 4.1.1: "incorrect number of dimensions")
  e$ratio_deff <- safe({
    r <- svyratio(~s, ~v, des, na.rm = TRUE, deff = TRUE)
    rr <- svyratio(~s, ~v, des, na.rm = TRUE, deff = "replace")
    list(call = "svyratio(~s, ~v, des, na.rm = TRUE, deff = TRUE | 'replace')", deff = num(attr(r, "deff")),
         deff_replace = num(attr(rr, "deff")))
  })
  e$by_ratio <- safe({
    b <- svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE)
    list(call = "svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE)", win = b$win, est = num(coef(b)),
         se = num(SE(b)))
  })
  e$by_ratio_deff <- safe({
    b <- svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE, deff = TRUE)
    br <- svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE, deff = "replace")
    # (R's deff() on the second stops: its DEff column read directly)
    list(call = "svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE, deff = TRUE | 'replace')",
         deff = num(deff(b)), deff_replace = num(br$DEff))
  })
  e$by2_ratio <- safe({
    b <- svyby(~s, ~win + b, des, svyratio, denominator = ~v, na.rm = TRUE)
    list(call = "svyby(~s, ~win + b, des, svyratio, denominator = ~v, na.rm = TRUE)",
         win = as.character(b$win), b = as.character(b$b), est = num(coef(b)), se = num(SE(b)))
  })
  e$var <- safe({
    v <- svyvar(~tm, des, na.rm = TRUE)
    list(call = "svyvar(~tm, des, na.rm = TRUE)", est = num(coef(v)), se = num(SE(v)))
  })
  e$by_var <- safe({
    b <- svyby(~tm, ~win, des, svyvar, na.rm = TRUE)
    list(call = "svyby(~tm, ~win, des, svyvar, na.rm = TRUE)", win = b$win, est = num(coef(b)), se = num(SE(b)))
  })
  # svyby(covmat = TRUE, na.rm = TRUE) stops in survey 4.1.1 where a value is missing ("number of items to replace"):
  # the contrasts on subset(des, !is.na(s)), which is the same domain
  ds <- subset(des, !is.na(s))
  # confint's df choices: R's default (normal) and df = degf(des) (Student's t), level 0.9
  e$confint <- safe({
    m <- svyby(~s, ~win, des, svymean, na.rm = TRUE)
    r <- svyby(~s, ~win, des, svyratio, denominator = ~v, na.rm = TRUE)
    v <- svyvar(~tm, des, na.rm = TRUE)
    t <- svytotal(~s, des, na.rm = TRUE)
    k <- svycontrast(svyby(~s, ~win, ds, svymean, covmat = TRUE), list(d = c(-1, 1, 0)))
    list(call = "confint(x, level = 0.9, df = degf(des)) of svyby(svymean | svyratio), svyvar, svytotal, svycontrast",
         degf = degf(des), mean_t = num(confint(m, level = 0.9, df = degf(des))),
         mean_z = num(confint(m, level = 0.9)), ratio_t = num(confint(r, level = 0.9, df = degf(des))),
         var_t = num(confint(v, level = 0.9, df = degf(des))), total_t = num(confint(t, level = 0.9, df = 7)),
         contrast_t = num(confint(k, level = 0.9, df = degf(des))))
  })
  e$year_contrast <- safe({
    b <- svyby(~s, ~yr, ds, svymean, covmat = TRUE)
    k <- svycontrast(b, list(d = c(-1, 1)))
    list(call = "svycontrast(svyby(~s, ~yr, subset(des, !is.na(s)), svymean, covmat = TRUE), list(d = c(-1, 1)))",
         yr = num(b$yr), mean = num(coef(b)), se = num(SE(b)), est = num(coef(k)), se_d = num(SE(k)))
  })
  e$window_year_contrast <- safe({
    b <- svyby(~s, ~win + yr, ds, svymean, covmat = TRUE)
    # rows: W1.2024, W2.2024, W3.2024, W1.2025, ... ; each window this year against last year
    cm <- list(W1 = c(-1, 0, 0, 1, 0, 0), W2 = c(0, -1, 0, 0, 1, 0), W3 = c(0, 0, -1, 0, 0, 1))
    k <- svycontrast(b, cm)
    list(call = "svycontrast(svyby(~s, ~win + yr, subset(des, !is.na(s)), svymean, covmat = TRUE), window 2025 - 2024)",
         win = as.character(b$win), yr = num(b$yr), mean = num(coef(b)), se = num(SE(b)), est = num(coef(k)),
         se_d = num(SE(k)))
  })
  e$window_contrast <- safe({
    b <- svyby(~s, ~win, ds, svymean, covmat = TRUE)
    C <- rbind(c(-1, 1, 0), c(-1, 0, 1), c(0, -1, 1))
    k <- svycontrast(b, list(W2mW1 = C[1, ], W3mW1 = C[2, ], W3mW2 = C[3, ]))
    list(call = "svycontrast(svyby(~s, ~win, subset(des, !is.na(s)), svymean, covmat = TRUE), W2-W1, W3-W1, W3-W2)",
         mean = num(coef(b)), vcov = unname(as.matrix(vcov(b))), est = num(coef(k)), se_d = num(SE(k)))
  })
  if (lin) e$window_contrast_ratio <- safe({
    # the same covariance another way: svyratio(covmat = TRUE) on the windows' totals and counts
    vv <- des$variables
    ok <- !is.na(vv$s)
    for (w in W) {
      vv[[paste0("n", w)]] <- ifelse(ok, vv$s, 0) * (vv$win == w)
      vv[[paste0("d", w)]] <- ok * (vv$win == w)
    }
    dd <- update(des, nW1 = vv$nW1, nW2 = vv$nW2, nW3 = vv$nW3, dW1 = vv$dW1, dW2 = vv$dW2, dW3 = vv$dW3)
    r <- svyratio(~nW1 + nW2 + nW3, ~dW1 + dW2 + dW3, dd, covmat = TRUE)
    pick <- c(1, 5, 9)
    list(call = "svyratio(~nW1 + nW2 + nW3, ~dW1 + dW2 + dW3, covmat = TRUE)[c(1, 5, 9)]", mean = num(coef(r))[pick],
         vcov = unname(as.matrix(r$vcov[pick, pick])))
  })
  for (t in TESTS) {
    e[[paste0("rank2_", t)]] <- safe({
      o <- svyranktest(s ~ b, des, test = t)
      list(call = paste0("svyranktest(s ~ b, des, test = '", t, "')"), stat = num(o$statistic), df = num(o$parameter),
           est = num(o$estimate), p = num(o$p.value))
    })
    e[[paste0("rank3_", t)]] <- safe({
      o <- svyranktest(s ~ win, des, test = t)
      # multiranktest names them the other way round: parameter is the chi-squared, statistic its df
      list(call = paste0("svyranktest(s ~ win, des, test = '", t, "')"), chisq = num(o$parameter), ndf = num(o$statistic),
           ddf = num(o$ddf), p = num(o$p.value))
    })
  }
  e$ttest <- safe({
    o <- svyttest(tm ~ b, des)
    list(call = "svyttest(tm ~ b, des)", stat = num(o$statistic), df = num(o$parameter), est = num(o$estimate),
         p = num(o$p.value), ci = num(o$conf.int))
  })
  # a PSU whose every tm is missing (the first PSU of <yr>h2): the test's df are the subset's (PSUs with a value minus
  # their strata, or the rank of the kept rows' replicate weights minus one), as R's svyglm takes them
  dn <- des
  first <- des$variables$psu[des$variables$h == "2024h2"][1]
  dn$variables$tm[dn$variables$psu == first] <- NA
  e$ttest_psu_na <- safe({
    o <- svyttest(tm ~ b, dn)
    m <- svyglm(tm ~ b, dn)
    list(call = "svyttest(tm ~ b, des with tm missing in a whole PSU)", stat = num(o$statistic), df = num(o$parameter),
         est = num(o$estimate), p = num(o$p.value), ci = num(o$conf.int), glm_df = num(m$df.residual),
         glm_se = num(SE(m)))
  })
  e$rank2_psu_na <- safe({
    o <- svyranktest(tm ~ b, dn, test = "wilcoxon")
    list(call = "svyranktest(tm ~ b, des with tm missing in a whole PSU)", stat = num(o$statistic),
         df = num(o$parameter), est = num(o$estimate), p = num(o$p.value))
  })
  e
}

for (k in 1:2) {
  d <- all[all$set == k, ]
  options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  res <- stats_for(des, TRUE)
  res$call <- "svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d)"
  # ratio by PSU-level windows (g1: one PSU of W3 in <yr>h4) under each lonely rule, domain lonely adjusted or not
  for (adj in c(FALSE, TRUE)) for (rule in c("fail", "certainty", "remove", "adjust", "average")) {
    options(survey.lonely.psu = rule, survey.adjust.domain.lonely = adj)
    res[[paste0("by_ratio_g1_", rule, "_", adj)]] <- safe({
      b <- suppressWarnings(svyby(~s, ~g1, des, svyratio, denominator = ~v, na.rm = TRUE))
      list(g1 = b$g1, est = num(coef(b)), se = num(SE(b)))
    })
    res[[paste0("by_cov_g1_", rule, "_", adj)]] <- safe({
      b <- suppressWarnings(svyby(~s, ~g1, subset(des, !is.na(s)), svymean, covmat = TRUE))
      list(g1 = b$g1, est = num(coef(b)), se = num(SE(b)), vcov = unname(as.matrix(vcov(b))))
    })
    res[[paste0("by_var_g1_", rule, "_", adj)]] <- safe({
      b <- suppressWarnings(svyby(~tm, ~g1, des, svyvar, na.rm = TRUE))
      list(g1 = b$g1, est = num(coef(b)), se = num(SE(b)))
    })
  }
  options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
  # a calibrated design, as a firm delivers it: post-stratified to the year's visits by half-day (the rows kept with
  # weight 0 when R subsets it); and raked to half-day and year margins
  pop <- data.frame(b = c("am", "pm"), Freq = c(5200, 4100))
  dps <- postStratify(svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d), ~b, pop)
  res$post <- stats_for(dps, TRUE)
  res$post$call <- "postStratify(svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), ~b, data.frame(b=c('am','pm'), Freq=c(5200, 4100)))"
  drk <- rake(svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d), list(~b, ~yr),
              list(data.frame(b = c("am", "pm"), Freq = c(5200, 4100)), data.frame(yr = c(2024, 2025), Freq = c(4500, 4800))))
  res$rake <- stats_for(drk, TRUE)
  res$rake$call <- "rake(svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), list(~b, ~yr), list(b: am 5200, pm 4100; yr: 2024 4500, 2025 4800))"
  reps <- boot_jkn(d, 1500 + k)
  for (ty in names(reps)) {
    rd <- reps[[ty]]
    e <- stats_for(rd, FALSE)
    e$call <- paste0("as.svrepdesign(svydesign(ids=~psu, strata=~h, weights=~w, data=d), type='", ty, "')")
    res[[paste0("rep_", ty)]] <- c(e, rep_fields(rd))
  }
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)          # an optional output path (the test's rerun writes elsewhere)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey15_survey_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
