# Golden values for tests/test_survey21_r.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   Rscript tests/golden/survey21_survey_r.R      (from the project root; writes tests/golden/survey21_survey_r.json)
#
# Round eight, on survey20's data (tests/golden/survey20_data.csv, stratum h5 left out) and its JKn and bootstrap
# replicates (the same seeds), and on those replicate weights rounded to 2 decimals as a survey firm delivers them
# (rows of a PSU no longer exactly proportional: the rank of R's qr(, tol = 1e-5) decides):
# the degrees of freedom of every window and window x half-day domain (degf(des[rows, ]), which [.svyrep.design
# recomputes) and svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop) on the rounded designs; svyby with two by
# variables where one combination is absent; svymean / svytotal of a factor with a level absent from a stratum;
# svyglm poisson and quasibinomial on the replicate designs; design effects by window and two by variables with an
# absent combination on the replicate designs. Each entry holds the R call ("call").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
source(file.path(here, "survey_r_common.R"))     # num, safe, rep_fields
all <- read_golden("survey20_data.csv", c("h", "psu", "ssu", "win", "b", "ct"))
out <- list(meta = golden_meta())
args_out <- commandArgs(trailingOnly = TRUE)
target <- if (length(args_out)) args_out[1] else file.path(here, "survey21_survey_r.json")

domain_degf <- function(des, d) {
  wins <- sort(unique(d$win)); cells <- unique(d[, c("win", "b")]); cells <- cells[order(cells$win, cells$b), ]
  list(call = "degf(des[d$win == lev, ]); degf(des[d$win == a & d$b == b, ])", win = wins,
       win_degf = sapply(wins, function(v) degf(des[d$win == v, ])),
       cell = paste(cells$win, cells$b, sep = "."),
       cell_degf = num(mapply(function(a, b) degf(des[d$win == a & d$b == b, ]), cells$win, cells$b)))
}

ciprop_by <- function(des) {
  safe({ b <- svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop, method = "beta", vartype = c("se", "ci"))
    list(call = "svyby(~sat, ~win, subset(des, !is.na(sat)), svyciprop, method = 'beta', vartype = c('se', 'ci'))",
         win = b$win, est = num(coef(b)), se = num(SE(b)), lo = num(b$ci_l), hi = num(b$ci_u)) })
}

glms <- function(des) {
  g1 <- safe({ g <- svyglm(rv ~ win + b, des, family = poisson(), control = glm.control(epsilon = 1e-14, maxit = 100))
    list(call = "svyglm(rv ~ win + b, des, family = poisson(), control = glm.control(epsilon = 1e-14, maxit = 100))",
         term = names(coef(g)), est = num(coef(g)), se = num(SE(g))) })
  g2 <- safe({ g <- svyglm(sat ~ win + tm, subset(des, !is.na(sat) & !is.na(tm)), family = quasibinomial(), control = glm.control(epsilon = 1e-14, maxit = 100))
    list(call = "svyglm(sat ~ win + tm, subset(des, !is.na(sat) & !is.na(tm)), family = quasibinomial(), control = glm.control(epsilon = 1e-14, maxit = 100))",
         term = names(coef(g)), est = num(coef(g)), se = num(SE(g))) })
  list(poisson = g1, quasibinomial = g2)
}

by2_absent <- function(des) {
  safe({ b <- svyby(~s, ~win + b, des, svymean, na.rm = TRUE)
    list(call = "svyby(~s, ~win + b, des, svymean, na.rm = TRUE) on d without its W3 x pm rows",
         key = paste(b$win, b$b, sep = "."), est = num(coef(b)), se = num(SE(b))) })
}

factor_absent <- function(des) {
  safe({ m <- svymean(~ct, des); t <- svytotal(~ct, des); b <- svyby(~ct, ~win, des, svymean)
    list(call = "svymean(~ct, des); svytotal(~ct, des); svyby(~ct, ~win, des, svymean): ct 'resident' in all of h2",
         level = sub("^ct", "", names(coef(m))), mean = num(coef(m)), mean_se = num(SE(m)), total = num(coef(t)),
         total_se = num(SE(t)), by_win = b$win, by_names = names(coef(b)), by_est = num(coef(b)), by_se = num(as.matrix(SE(b)))) })
}

rep_domains <- function(des, d) {
  list(deff_by = safe({ m <- svyby(~s, ~win, des, svymean, na.rm = TRUE, deff = TRUE)
         t <- svyby(~s, ~win, des, svytotal, na.rm = TRUE, deff = TRUE)
         list(call = "svyby(~s, ~win, des, svymean, na.rm = TRUE, deff = TRUE); svyby(~s, ~win, des, svytotal, na.rm = TRUE, deff = TRUE)",
              win = m$win, mean = num(coef(m)), mean_se = num(SE(m)), mean_deff = num(deff(m)),
              total = num(coef(t)), total_se = num(SE(t)), total_deff = num(deff(t))) }),
       absent = safe({ keep <- !(d$win == "W3" & d$b == "pm")
         b <- svyby(~s, ~win + b, des[keep, ], svymean, na.rm = TRUE)
         list(call = "svyby(~s, ~win + b, des[!(d$win == 'W3' & d$b == 'pm'), ], svymean, na.rm = TRUE)",
              key = paste(b$win, b$b, sep = "."), est = num(coef(b)), se = num(SE(b))) }))
}

for (k in 1:2) {
  d <- all[all$set == k & all$h != "h5", ]
  rownames(d) <- NULL
  res <- list()
  d0 <- svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d)
  set.seed(200 + k)
  bs <- as.svrepdesign(d0, type = "bootstrap", replicates = 40)
  jk <- as.svrepdesign(d0, type = "JKn")
  rnd <- function(rd) svrepdesign(data = d, repweights = round(weights(rd, "analysis"), 2), weights = ~w,
                                  type = rd$type, scale = rd$scale, rscales = rd$rscales, combined.weights = TRUE)
  designs <- list(jkn = jk, boot = bs, jkn_round = rnd(jk), boot_round = rnd(bs))
  calls <- list(jkn = "as.svrepdesign(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = d), type = 'JKn')",
                boot = "set.seed(200 + k); as.svrepdesign(d0, type = 'bootstrap', replicates = 40)",
                jkn_round = "svrepdesign(data = d, repweights = round(weights(jk, 'analysis'), 2), weights = ~w, type = 'JKn', scale = jk$scale, rscales = jk$rscales, combined.weights = TRUE)",
                boot_round = "svrepdesign(data = d, repweights = round(weights(bs, 'analysis'), 2), weights = ~w, type = 'bootstrap', scale = bs$scale, rscales = bs$rscales, combined.weights = TRUE)")
  for (kd in names(designs)) {
    des <- designs[[kd]]
    res[[kd]] <- c(list(call = calls[[kd]]), rep_fields(des))
    res[[kd]]$domain_degf <- domain_degf(des, d)
    if (grepl("round", kd)) res[[kd]]$ciprop_by <- ciprop_by(des) else {
      res[[kd]]$glm <- glms(des)
      res[[kd]] <- c(res[[kd]], rep_domains(des, d))
    }
  }
  # a window x half-day combination absent from the data
  de <- d[!(d$win == "W3" & d$b == "pm"), ]
  rownames(de) <- NULL
  res$lin_absent <- by2_absent(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = de))
  # a level of a factor absent from a stratum
  dc <- d
  dc$ct[dc$h == "h2"] <- "resident"
  res$lin_factor <- factor_absent(svydesign(ids = ~psu, strata = ~h, weights = ~w, data = dc))
  res$lin_fpc_factor <- factor_absent(svydesign(ids = ~psu, strata = ~h, weights = ~w, fpc = ~N1, data = dc))
  out[[paste0("set", k)]] <- res
}
writeLines(toJSON(out, digits = NA, auto_unbox = TRUE, na = "string"), target)
