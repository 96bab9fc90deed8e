"""50-digit reference values for sBG and Gamma-Gamma across the 1e-3..1e3 parameter grid (issue 12.1).

Run offline with Debian's python3-mpmath: python3 generate_sbg_gg_grid.py > sbg_gg_grid_reference.csv

Columns: quantity,a,b,c,period_or_x,n_or_m,value
- sBG (a = alpha, b = beta):
  survival:  S(t) = B(alpha, beta + t) / B(alpha, beta)                      (period t; n unused)
  churn:     P(T = t) = S(t - 1) - S(t), a difference of two survivals       (period t)
  derl:      sum over t > n of S(t)/S(n) * 1.1^-(t - n - 1), summed term by term to below 1e-60 (discount 0.1, n renewals)
- Gamma-Gamma (a = p, b = q, c = gamma), customer with x repeat purchases and mean spend m:
  spend:     E[p / nu | x, m] with nu | x, m ~ Gamma(shape p x + q, rate gamma + m x), evaluated as
             p (gamma + m x) Gamma(p x + q - 1) / Gamma(p x + q) with mpmath's gamma functions (not the library's
             simplified ratio).
None of these is the form the library uses (log-beta differences, a 2F1 for DERL, the simplified ratio for spend).
"""
import sys
from mpmath import mp, mpf, beta, gamma, loggamma, exp, nstr

mp.dps = 60
out = sys.stdout
out.write("quantity,a,b,c,period_or_x,n_or_m,value\n")

def s(v):
    return nstr(v, 50, min_fixed=-3, max_fixed=3) if v != 0 else "0"

grid = ["0.001", "0.1", "1.0", "10.0", "1000.0"]
for a in grid:
    for b in grid:
        A, B = mpf(a), mpf(b)
        lb = loggamma(A) + loggamma(B) - loggamma(A + B)
        def surv(t):
            return exp(loggamma(A) + loggamma(B + t) - loggamma(A + B + t) - lb)
        for t in [1, 2, 10, 100, 10000, 100000]:
            out.write(f"survival,{a},{b},,{t},,{s(surv(t))}\n")
            out.write(f"churn,{a},{b},,{t},,{s(surv(t - 1) - surv(t))}\n")
        for n in [0, 10, 1000]:
            sn = surv(n)
            total = mpf(0)
            t = n + 1
            while True:
                term = surv(t) / sn * mpf("1.1") ** (-(t - n - 1))
                total += term
                if term < mpf(10) ** -65 * total:
                    break
                t += 1
            out.write(f"derl,{a},{b},,0.1,{n},{s(total)}\n")

for p in ["0.001", "1.0", "1000.0"]:
    for q in ["1.001", "1.5", "10.0", "1000.0"]:
        for g in ["0.001", "1.0", "1000.0"]:
            P, Q, G = mpf(p), mpf(q), mpf(g)
            for x in ["0", "1", "100", "100000"]:
                for m in ["0.01", "50.0", "100000.0"]:
                    X, M = mpf(x), mpf(m)
                    value = P * (G + M * X) * gamma(P * X + Q - 1) / gamma(P * X + Q)
                    out.write(f"spend,{p},{q},{g},{x},{m},{s(value)}\n")
                    if x == "0":
                        break
