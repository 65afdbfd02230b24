# Golden values for tests/test_rev22a_trim.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/rev22a_trim_r.R      (from the project root; writes tests/golden/rev22a_trim_r.json)
#
# trim_weights of a replicate design (rev22a): the full-sample weights trimmed by R's trimWeights.survey.design2
# rule, and every replicate weight scaled by its row's factor (trimmed / untrimmed full-sample weight), the trimming
# held fixed as the linearised variance holds it (R 4.1.1's trimWeights.svyrep.design is broken: it keeps the old
# full-sample weights and recycles a vector over the replicate matrix). On survey20's data, stratum h5 left out, the
# JKn and bootstrap designs of survey22_survey_r.R (same seeds).
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, rep_fields
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
for (k in 1:2) {
  d <- all[all$set == k & all$h != "h5", ]
  rownames(d) <- NULL
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  set.seed(200 + k)
  bs <- as.svrepdesign(d0, type = "bootstrap", replicates = 40)
  jk <- as.svrepdesign(d0, type = "JKn")
  res <- list()
  for (kd in c("jkn", "boot")) {
    rd <- if (kd == "jkn") jk else bs
    e <- rep_fields(rd)
    pw <- weights(rd, "sampling")
    pwt <- weights(trimWeights(svydesign(ids = ~1, weights = ~pw, data = data.frame(pw = pw)), upper = 45, lower = 6,
                               strict = TRUE))
    rw <- weights(rd, "analysis") * (pwt / pw)
    tr <- svrepdesign(data = d, repweights = rw, weights = pwt, type = rd$type, scale = rd$scale,
                      rscales = rd$rscales, combined.weights = TRUE)
    m <- svymean(~s, tr, na.rm = TRUE); t <- svytotal(~s, tr, na.rm = TRUE)
    e$trim <- list(call = "pwt <- weights(trimWeights(svydesign(ids = ~1, weights = ~pw, data = data.frame(pw = pw)), upper = 45, lower = 6, strict = TRUE)); rw <- weights(rd, 'analysis') * (pwt / pw); svrepdesign(data = d, repweights = rw, weights = pwt, type = rd$type, scale = rd$scale, rscales = rd$rscales, combined.weights = TRUE); svymean(~s, ., na.rm = TRUE); svytotal(~s, ., na.rm = TRUE)",
                   weights = num(pwt), mean = num(coef(m)), mean_se = num(SE(m)), total = num(coef(t)),
                   total_se = num(SE(t)))
    res[[kd]] <- e
  }
  out[[paste0("set", k)]] <- res
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), file.path(here, "rev22a_trim_r.json"))
