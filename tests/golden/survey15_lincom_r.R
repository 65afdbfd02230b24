# Golden values for svychisq(statistic = "lincom") in tests/test_survey15_lincom.py (R 4.2.2, survey 4.1.1,
# CompQuadForm 1.4.3). R's "lincom" needs the CompQuadForm package (not in Debian): built from its CRAN source
# into a private library, e.g.
#
#   R CMD INSTALL -l /tmp/rlib CompQuadForm_1.4.3.tar.gz      (gcc and r-base-dev)
#   R_LIBS=/tmp/rlib Rscript tests/golden/survey15_lincom_r.R  (from the project root; writes survey15_lincom_r.json)
#
# On the data and designs of tests/golden/survey14_survey_r.R (survey14_data.csv; the replicate designs made with the
# same seeds, so the same replicate weights): svychisq(~b + a) and svychisq(~b + xc) (xc missing where x is) with
# statistic = "lincom" on the linearisation design (pFsum: Davies' integration of the F form) and on bootstrap and
# JKn replicates (pchisqsum: Farebrother's series where every eigenvalue is positive, Davies' otherwise).
suppressMessages({library(survey); library(jsonlite)})
stopifnot(requireNamespace("CompQuadForm", quietly = TRUE))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
all <- read.csv(file.path(here, "survey14_data.csv"), colClasses = c(h = "character", psu = "character",
                b = "character", a = "character", g1 = "character", g2 = "character"))
num <- function(x) unname(as.numeric(x))
out <- list(meta = list(r = R.version.string, survey = as.character(packageVersion("survey")),
                        CompQuadForm = as.character(packageVersion("CompQuadForm"))))
lincom <- function(f, des) {
  ch <- withCallingHandlers(svychisq(f, des, statistic = "lincom"), warning = function(w) invokeRestart("muffleWarning"))
  list(stat = num(ch$statistic), p = num(ch$p.value))
}
for (k in 1:2) {
  d <- all[all$set == k, ]
  d$xc <- ifelse(is.na(d$x), NA, ifelse(d$x > 5, "hi", "lo"))
  options(survey.lonely.psu = "fail", survey.adjust.domain.lonely = FALSE)
  des <- svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N, data = d)
  res <- list(call = "svychisq(~b + a | ~b + xc, svydesign(ids=~psu, strata=~h, weights=~w, fpc=~N, data=d), statistic = 'lincom')",
              ba = lincom(~b + a, des), bxc = lincom(~b + xc, des))
  set.seed(1400 + k)
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  reps <- list(bootstrap = as.svrepdesign(d0, type = "bootstrap", replicates = 40),
               JKn = as.svrepdesign(d0, type = "JKn"))
  for (ty in names(reps)) res[[paste0("rep_", ty)]] <- list(ba = lincom(~b + a, reps[[ty]]),
                                                             bxc = lincom(~b + xc, reps[[ty]]))
  out[[paste0("set", k)]] <- res
}
ta <- commandArgs(trailingOnly = TRUE)
write_json(out, if (length(ta)) ta[1] else file.path(here, "survey15_lincom_r.json"), digits = NA, auto_unbox = TRUE,
           na = "string")
