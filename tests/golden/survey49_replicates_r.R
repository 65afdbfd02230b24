# Golden values for tests/test_survey49_r_replicates.py, computed by R's survey package (R 4.2.2, survey 4.1.1 here).
#
#   python tests/golden/survey49_make_data.py     (seeded; writes tests/golden/survey49_replicates_data.csv)
#   Rscript tests/golden/survey49_replicates_r.R > tests/golden/survey49_replicates_r.json
#
# A bootstrap design from the replicate columns a firm delivers (svrepdesign, combined weights), by window:
# svyvar, svymean with deff = TRUE, svyciprop(method = "logit"), svyratio; and svyglm quasibinomial.
suppressMessages(library(survey)); library(jsonlite)
d <- read.csv("tests/golden/survey49_replicates_data.csv")
rd <- svrepdesign(data = d, repweights = "r[0-9]+", weights = ~w, type = "bootstrap", combined.weights = TRUE)
o <- list(versions = list(R = R.version.string, survey = as.character(packageVersion("survey"))))
b <- svyby(~y, ~win, rd, svyvar, na.rm = TRUE)
o$var <- list(call = "svyby(~y, ~win, rd, svyvar, na.rm = TRUE)", win = b$win, est = unname(coef(b)), se = unname(SE(b)))
b <- svyby(~y, ~win, rd, svymean, na.rm = TRUE, deff = TRUE)
o$deff <- list(call = "svyby(~y, ~win, rd, svymean, na.rm = TRUE, deff = TRUE)", win = b$win, est = unname(coef(b)),
               se = unname(SE(b)), deff = unname(deff(b)))
b <- svyby(~p, ~win, rd, svyciprop, method = "logit", vartype = c("se", "ci"))
o$ciprop <- list(call = "svyby(~p, ~win, rd, svyciprop, method = 'logit', vartype = c('se', 'ci'))", win = b$win,
                 est = unname(coef(b)), se = unname(SE(b)), lo = unname(b$ci_l), hi = unname(b$ci_u))
b <- svyby(~y, ~win, rd, svyratio, denominator = ~x, na.rm = TRUE)
o$ratio <- list(call = "svyby(~y, ~win, rd, svyratio, denominator = ~x, na.rm = TRUE)", win = b$win,
                est = unname(coef(b)), se = unname(SE(b)))
g <- svyglm(p ~ x, rd, family = quasibinomial())
o$glm <- list(call = "svyglm(p ~ x, rd, family = quasibinomial())", est = unname(coef(g)), se = unname(SE(g)))
cat(toJSON(o, digits = NA, auto_unbox = TRUE, pretty = TRUE), "\n")
