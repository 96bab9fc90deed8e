#!/usr/bin/env python3
"""Reference values of P(X(t) = n | x, t_x, T) for Pareto/NBD from Python lifetimes 0.11.3 itself
(ParetoNBDFitter.conditional_probability_of_n_purchases_up_to_time, Fader & Hardie's note 028, equation 16).

Run offline with Debian's python3 and its numpy/scipy/pandas/dill, lifetimes from the peers folder:

    PYTHONPATH=<peers>/python /usr/bin/python3 conditional_pmf_reference.py > conditional_pmf_reference.csv

Parameters fixed at the published CDNOW Pareto/NBD fit (r=0.553, alpha=10.578, s=0.606, beta=11.669, weeks); the
customers are ordinary CDNOW ones (lifetimes' closed form loses accuracy for heavy buyers, which the C# tests cover
with the sum-to-one and mean identities instead). Printed with 17 significant digits.
"""
import sys
import warnings

warnings.simplefilter("ignore")
import pandas as pd
from lifetimes import ParetoNBDFitter

f = ParetoNBDFitter()
f.params_ = pd.Series({"r": 0.553, "alpha": 10.578, "s": 0.606, "beta": 11.669})
customers = [(0, 0.0, 38.86), (2, 30.43, 38.86), (1, 1.71, 38.86), (5, 25.0, 30.0), (10, 36.0, 38.0), (0, 0.0, 5.0)]
out = sys.stdout
out.write("x,t_x,T,t,n,p\n")
for x, tx, T in customers:
    for t in (10.0, 39.0, 78.0):
        for n in (0, 1, 2, 3, 5, 10):
            p = f.conditional_probability_of_n_purchases_up_to_time(n, t, x, tx, T)
            out.write(f"{x},{tx!r},{T!r},{t!r},{n},{float(p):.17g}\n")
