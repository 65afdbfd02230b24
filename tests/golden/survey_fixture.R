# The survey fixture as the golden scripts read it (sourced by audit2_design_rates.R, audit6_survey_edges.R,
# audit9_survey_r.R, audit12_designs.R and audit15_domains.R, after they set `here`):
# tests/golden/survey_fixture.csv, the overall item as a rate (4-5 satisfied) and as a 0-100 index, and the
# interview's quarter.
# A script that changes `overall` (audit9 sets whole windows satisfied) calls fixture_outcomes(d) again.
fixture_outcomes <- function(d) {
  ov <- ifelse(d$overall %in% 1:5, d$overall, NA)
  d$sat <- as.numeric(ov >= 4)
  d$y <- (ov - 1) / 4 * 100
  d
}
d <- read.csv(file.path(here, "survey_fixture.csv"),
              colClasses = c(respondent_id = "character", window_id = "character", interview_date = "character",
                             stratum = "character", psu = "character", customer_type = "character"))
d <- fixture_outcomes(d)
d$quarter <- paste0("Q", (as.integer(substr(d$interview_date, 6, 7)) - 1) %/% 3 + 1)
