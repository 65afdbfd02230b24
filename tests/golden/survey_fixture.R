# The survey fixture as the golden scripts read it (sourced by audit12_designs.R and audit15_domains.R, after they
# set `here`): tests/golden/survey_fixture.csv, the overall item as a rate (4-5 satisfied) and as a 0-100 index,
# and the interview's quarter.
d <- read.csv(file.path(here, "survey_fixture.csv"),
              colClasses = c(respondent_id = "character", window_id = "character", interview_date = "character",
                             stratum = "character", psu = "character", customer_type = "character"))
ov <- ifelse(d$overall %in% 1:5, d$overall, NA)
d$sat <- as.numeric(ov >= 4)
d$y <- (ov - 1) / 4 * 100
d$quarter <- paste0("Q", (as.integer(substr(d$interview_date, 6, 7)) - 1) %/% 3 + 1)
