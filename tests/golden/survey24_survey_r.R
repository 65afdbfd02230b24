# Golden values for tests/test_survey24_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/survey24_survey_r.R      (from the project root; writes tests/golden/survey24_survey_r.json)
#
# Round eleven, on survey20's data (tests/golden/survey20_data.csv, set 1, stratum h5 left out), the stratified
# cluster design d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d):
# * "std": direct standardisation of every window to one customer mix, svystandardize(d0, by = ~ct, over = ~win,
#   population = pop), then svyby(~s, ~win, ., svymean, na.rm = TRUE) and svyby(~sat, ~win, ., svymean,
#   na.rm = TRUE) (estimate, SE) and the standardised weights; the same of the JKn and bootstrap (40 replicates,
#   set.seed(24)) replicate designs (entry "rep"), with svycontrast of the standardised windows against W1 from
#   svyby(..., covmat = TRUE) there (entry "rep"$contrast).
# * "na": the NA-in-domain decision (surveys/README.md): svyby(~sat, ~win, subset(d0, !is.na(sat)), svyciprop,
#   method = "beta") -- the package's reading, a missing answer outside the domain -- next to R's svyciprop with
#   na.rm = TRUE on the whole design, which counts window W3's unanswered row in nrow(design) and degf(design).
# Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, read_golden, golden_meta, rep_fields
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey24_survey_r.json")

d <- all[all$set == 1 & all$h != "h5", ]
rownames(d) <- NULL
d$ct <- factor(d$ct)
d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
lv <- levels(d$ct)
pop <- data.frame(ct = lv, Freq = c(3, 5, 2)[seq_along(lv)] * 1000)
out$pop <- list(ct = lv, Freq = num(pop$Freq))

std_fields <- function(des, what) {
  s <- svystandardize(des, by = ~ct, over = ~win, population = pop)
  by_s <- svyby(~s, ~win, s, svymean, na.rm = TRUE)
  by_sat <- svyby(~sat, ~win, s, svymean, na.rm = TRUE)
  list(weights = num(weights(s, "sampling")),
       s = list(call = sprintf("svyby(~s, ~win, svystandardize(%s, by = ~ct, over = ~win, population = pop), svymean, na.rm = TRUE)", what),
                win = as.character(by_s$win), est = num(by_s$s), se = num(SE(by_s))),
       sat = list(call = sprintf("svyby(~sat, ~win, svystandardize(%s, by = ~ct, over = ~win, population = pop), svymean, na.rm = TRUE)", what),
                  win = as.character(by_sat$win), est = num(by_sat$sat), se = num(SE(by_sat))))
}
out$std <- std_fields(d0, "d0")
set.seed(24)
reps <- list(JKn = as.svrepdesign(d0, type = "JKn"), bootstrap = as.svrepdesign(d0, type = "bootstrap", replicates = 40))
out$rep <- lapply(reps, function(rd) {
  e <- rep_fields(rd)
  e$std <- std_fields(rd, "rd")
  e$std$weights <- NULL
  # windows compared after standardisation: the full covariance of the replicate design, then contrasts
  sd <- subset(svystandardize(rd, by = ~ct, over = ~win, population = pop), !is.na(s))
  b <- svyby(~s, ~win, sd, svymean, covmat = TRUE)
  k <- svycontrast(b, list(`W2 - W1` = c(-1, 1, 0), `W3 - W1` = c(-1, 0, 1)))
  e$contrast <- list(call = "svycontrast(svyby(~s, ~win, subset(svystandardize(rd, by = ~ct, over = ~win, population = pop), !is.na(s)), svymean, covmat = TRUE), list(`W2 - W1` = c(-1, 1, 0), `W3 - W1` = c(-1, 0, 1)))",
                     est = num(coef(k)), se = num(SE(k)), vcov = unname(as.matrix(vcov(k))))
  e
})

b_sub <- svyby(~sat, ~win, subset(d0, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
b_all <- svyby(~sat, ~win, d0, svyciprop, method = "beta", vartype = c("se", "ci"), na.rm = TRUE)
pack <- function(b, call) list(call = call, win = as.character(b$win), mean = num(b$sat), se = num(b$se),
                               ci_low = num(b$ci_l), ci_high = num(b$ci_u))
out$na <- list(subset = pack(b_sub, "svyby(~sat, ~win, subset(d0, !is.na(sat)), svyciprop, method = \"beta\", vartype = c(\"se\", \"ci\"))"),
               na_rm = pack(b_all, "svyby(~sat, ~win, d0, svyciprop, method = \"beta\", vartype = c(\"se\", \"ci\"), na.rm = TRUE)"))
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
