# survey49: a bootstrap replicate design (12 replicates, 24 PSUs, 4 windows) as a firm delivers it; run from the
# repository root. R: tests/golden/survey49_replicates_r.R
import numpy as np, pandas as pd
rng = np.random.default_rng(4901)
n, R = 240, 12
psu = rng.integers(0, 24, n)
m = rng.poisson(1.0, (24, R)).astype(float)
m[:, 0] = np.where(m[:, 0] == 0, 1.0, m[:, 0])
w = np.round(rng.uniform(1, 4, n), 3)
f = pd.DataFrame({"win": np.array(["PW01", "PW02", "PW03", "PW04"])[rng.integers(0, 4, n)],
                  "y": np.round(rng.normal(80, 10, n), 2), "x": np.round(rng.uniform(1, 10, n), 2),
                  "p": (rng.random(n) < 0.75).astype(float), "w": w})
f.loc[rng.random(n) < 0.1, "y"] = np.nan
for i in range(R):
    f[f"r{i}"] = np.round(w * m[psu, i], 6)
f.to_csv("tests/golden/survey49_replicates_data.csv", index=False)
