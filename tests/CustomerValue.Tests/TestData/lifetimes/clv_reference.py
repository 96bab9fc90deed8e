#!/usr/bin/env python3
"""Reference CLV values from Python lifetimes 0.11.3 itself, for the migration recipe in docs/clv.md.

Run offline with Debian's python3 and its numpy/scipy/pandas/dill, lifetimes from the peers folder:

    PYTHONPATH=<peers>/python /usr/bin/python3 clv_reference.py ../cdnow_customers_summary_with_transactions.csv > clv_reference.csv

The models are not fitted here: both get fixed parameters (the published CDNOW BG/NBD fit r=0.242593, alpha=4.413603,
a=0.792919, b=2.425943, and the published Gamma-Gamma fit p=6.24882, q=3.74428, gamma=15.44385), so the test
compares the CLV computation alone. Output: customer_id and lifetimes'
GammaGammaFitter.customer_lifetime_value(BetaGeoFitter, x, t_x, T, zbar, time=12, discount_rate=0.01, freq="W"),
and the same with discount_rate=0.1 and time=3, printed with 17 significant digits.
"""
import sys
import warnings

warnings.simplefilter("ignore")
import pandas as pd
from lifetimes import BetaGeoFitter, GammaGammaFitter

df = pd.read_csv(sys.argv[1])
bg = BetaGeoFitter()
bg.params_ = pd.Series({"r": 0.242593, "alpha": 4.413603, "a": 0.792919, "b": 2.425943})
bg.predict = bg.conditional_expected_number_of_purchases_up_to_time  # what fit() sets
gg = GammaGammaFitter()
gg.params_ = pd.Series({"p": 6.24882, "q": 3.74428, "v": 15.44385})

clv = gg.customer_lifetime_value(bg, df["x"], df["t_x"], df["T"], df["zbar"], time=12, discount_rate=0.01, freq="W")
clv3 = gg.customer_lifetime_value(bg, df["x"], df["t_x"], df["T"], df["zbar"], time=3, discount_rate=0.1, freq="W")
out = sys.stdout
out.write("customer_id,clv_12_months_1pct,clv_3_months_10pct\n")
for i in range(len(df)):
    out.write(f"{df['ID'][i]},{clv.iloc[i]:.17g},{clv3.iloc[i]:.17g}\n")
