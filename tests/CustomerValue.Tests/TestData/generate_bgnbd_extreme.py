#!/usr/bin/env python3
"""High-precision BG/NBD and MBG/NBD reference values over extreme parameters and customers.

Run offline (python3 with mpmath 1.3.0):

    python3 generate_bgnbd_extreme.py > bgnbd_extreme_reference.csv

Parameters r, alpha, a, b are drawn log-uniformly from 1e-3..1e3 (seeded), customers reach x = 1e5 and T = 1e5, and
horizons run from 0.01 to 1e4, so the set covers the regions where the published closed form cancels (a near 1,
r much larger than a + b, long horizons against small alpha + T). Each value is the published closed form
    E[Y(t)] = (a+b'+x-1)/(a-1) * (1 - ((alpha+T)/(alpha+T+t))^(r+x) * 2F1(r+x, b'+x; a+b'+x-1; t/(alpha+T+t))) * P(alive)
(b' = b for BG/NBD, b + 1 for MBG/NBD) evaluated with mpmath's hyp2f1 at 50 digits and again at 80 digits; a row is
kept only when the two agree to 25 digits, so the cancellation the library avoids cannot leak into the reference.
P(alive) = 1/(1 + [x>0 or MBG] a/(b'+x-1) ((alpha+T)/(alpha+t_x))^(r+x)). Columns: model, r, alpha, a, b, x, t_x, T,
t, p_alive, expected (25 significant digits).
"""
import random
import sys

import mpmath
from mpmath import mpf, hyp2f1


def values(model, r, alpha, a, b, x, tx, T, t, dps):
    with mpmath.workdps(dps):
        r, alpha, a, b, x, tx, T, t = (mpf(v) for v in (r, alpha, a, b, x, tx, T, t))
        bp = b + 1 if model == "mbgnbd" else b
        if model == "bgnbd" and x == 0:
            alive = mpf(1)
        else:
            alive = 1 / (1 + a / (bp + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))
        z = t / (alpha + T + t)
        h = (a + bp + x - 1) / (a - 1) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, bp + x, a + bp + x - 1, z, maxterms=10**6))
        return alive, h * alive


def log_uniform(rng, lo, hi):
    return float(mpmath.nstr(mpf(10) ** rng.uniform(lo, hi), 6))


def main():
    rng = random.Random(20261203)
    customers = [(0, 0, 0), (0, 0, 30), (1, 5, 40), (10, 30, 38), (1000, 900, 1000), (100000, 99000, 100000),
                 (3, 1, 100000), (50, 20, 20), (2, 0.5, 1e5)]
    horizons = [0.01, 1, 39, 1000, 10000]
    writer = sys.stdout
    writer.write("model,r,alpha,a,b,x,t_x,T,t,p_alive,expected\n")
    rows = 0
    fixed = [("bgnbd", 0.01, 0.01, 100, 0.01), ("bgnbd", 100, 0.01, 1.0001, 0.01), ("mbgnbd", 100, 0.01, 0.9999, 0.01),
             ("bgnbd", 1000, 0.001, 0.001, 0.001), ("mbgnbd", 0.001, 1000, 1000, 1000), ("bgnbd", 0.001, 0.001, 0.001, 1000)]
    draws = fixed + [(rng.choice(["bgnbd", "mbgnbd"]), log_uniform(rng, -3, 3), log_uniform(rng, -3, 3),
                      log_uniform(rng, -3, 3), log_uniform(rng, -3, 3)) for _ in range(40)]
    for model, r, alpha, a, b in draws:
        for x, tx, T in rng.sample(customers, 4):
            t = rng.choice(horizons)
            try:
                low = values(model, r, alpha, a, b, x, tx, T, t, 50)
                high = values(model, r, alpha, a, b, x, tx, T, t, 80)
            except mpmath.libmp.NoConvergence:
                sys.stderr.write(f"skipped (no convergence): {model} {r} {alpha} {a} {b} {x} {tx} {T} {t}\n")
                continue
            ok = all(h == 0 or abs(l / h - 1) < mpf(10) ** -25 for l, h in zip(low, high))
            if not ok:
                sys.stderr.write(f"skipped (precision): {model} {r} {alpha} {a} {b} {x} {tx} {T} {t}\n")
                continue
            writer.write(",".join([model] + [repr(float(v)) for v in (r, alpha, a, b, x, tx, T, t)]
                                  + [mpmath.nstr(v, 25) for v in high]) + "\n")
            rows += 1
    sys.stderr.write(f"{rows} rows\n")


if __name__ == "__main__":
    main()
