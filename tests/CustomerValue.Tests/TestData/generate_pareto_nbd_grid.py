#!/usr/bin/env python3
"""50-digit Pareto/NBD reference values across the parameter grid 1e-3..1e3 with extreme customers (issue 12, item 1).

Run offline (python3 with mpmath 1.2.1 or later; about 90 minutes on one core for all 82 parameter sets):

    python3 generate_pareto_nbd_grid.py > pareto_nbd_grid_reference.csv

or split over processes and join the parts in shard order, header once (each shard writes every n-th parameter set):

    python3 generate_pareto_nbd_grid.py --shard 0/2 > part0.csv &
    python3 generate_pareto_nbd_grid.py --shard 1/2 > part1.csv

Independent of the library's closed forms: P(alive) and expected purchases are computed from the defining integrals
(as in generate_pareto_nbd.py) by mpmath quadrature at 50 digits. Each value is computed twice, with the integration
interval split into 16 and into 40 pieces; a value is written only when the two agree to 1e-15 relative (six orders
below the tests' 1e-9 tolerance), so a quadrature that did not resolve its integrand cannot slip into the reference;
stderr says how many were left out. Log-likelihood terms are handled in log
space where the alive term underflows any double (it is exact in mpmath's arbitrary exponent range).

Parameters: r, alpha, s, beta each at 1e-3, 1 or 1e3 (all 81 combinations, in a fixed pseudo-random order, seed 12)
plus CDNOW's fit. Customers: x from 0 to 1e5,
T from 1e-3 to 1e5, t_x at 0, mid and T. Columns: quantity (p_alive, expected), r, alpha, s, beta, x, t_x, T, t,
value (25 significant digits).
"""
import itertools
import random
import sys

import mpmath
from mpmath import mpf, quad

mpmath.mp.dps = 50


def died_integral(r, alpha, s, beta, x, tx, T, pieces):
    """s * Integral_{tx}^{T} (alpha+y)^-(r+x) (beta+y)^-(s+1) dy."""
    if T <= tx:
        return mpf(0)
    p = r + x
    if p <= 2:
        # Integrate in u = ln(alpha + y) so that spans of many orders of magnitude (T/alpha up to 1e8) are smooth.
        f = lambda u: mpmath.exp(u) * mpmath.exp(u) ** (-p) * (mpmath.exp(u) - alpha + beta) ** (-(s + 1))
        lo, hi = mpmath.log(alpha + tx), mpmath.log(alpha + T)
        return s * quad(f, [lo + (hi - lo) * k / pieces for k in range(pieces + 1)])
    # Heavy buyers: w = (alpha+y)^-(p-1) makes the integrand smooth.
    g = lambda w: (w ** (-1 / (p - 1)) + beta - alpha) ** (-(s + 1)) / (p - 1)
    hi, lo = (alpha + tx) ** (-(p - 1)), (alpha + T) ** (-(p - 1))
    return s * quad(g, [lo + (hi - lo) * k / pieces for k in range(pieces + 1)])


def p_alive(p, x, tx, T, pieces):
    r, alpha, s, beta = (mpf(v) for v in p)
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    alive = (alpha + T) ** (-(r + x)) * (beta + T) ** (-s)
    died = died_integral(r, alpha, s, beta, x, tx, T, pieces)
    return alive / (alive + died)


def expected(p, x, T, t, alive, pieces):
    r, alpha, s, beta = (mpf(v) for v in p)
    T, t = mpf(T), mpf(t)
    # E[lambda | alive] * E[time alive in (T, T+t] | alive] * P(alive); the middle factor, in v = ln(beta + T + u),
    # integrates ((beta+T)/e^v)^s e^v dv from ln(beta+T) to ln(beta+T+t).
    lo, hi = mpmath.log(beta + T), mpmath.log(beta + T + t)
    alive_time = quad(lambda v: mpmath.exp(s * (lo - v) + v), [lo + (hi - lo) * k / pieces for k in range(pieces + 1)])
    return (r + mpf(x)) / (alpha + T) * alive_time * alive


def agreed(f):
    a, b = f(16), f(40)
    if a == b or abs(a - b) <= mpf(10) ** -15 * max(abs(a), abs(b)):
        return b
    return None


levels = [1e-3, 1.0, 1e3]
combos = list(itertools.product(levels, repeat=4))
random.Random(12).shuffle(combos)
params = [(0.553, 10.578, 0.606, 11.669)] + combos
shard, shards = 0, 1
if len(sys.argv) == 3 and sys.argv[1] == "--shard":
    shard, shards = (int(v) for v in sys.argv[2].split("/"))
params = params[shard::shards]

customers = [
    (0, 0.0, 1e-3), (0, 0.0, 100.0), (0, 0.0, 1e5), (1, 0.5, 1.0), (3, 20.0, 30.0), (10, 50.0, 100.0),
    (1000, 999.0, 1000.0), (1000, 10.0, 1000.0), (1e5, 99999.0, 1e5), (1e5, 5e4, 1e5), (1e5, 1e5, 1e5),
    (100, 5e4, 1e5), (5, 1e4, 1e5),
]

out = sys.stdout
if shard == 0:
    out.write("quantity,r,alpha,s,beta,x,t_x,T,t,value\n")
skipped = 0
for p in params:
    for x, tx, T in customers:
        # P(alive) once per subdivision, reused by the expected purchases of the same subdivision.
        alive = {k: p_alive(p, x, tx, T, k) for k in (16, 40)}
        rows = [("p_alive", 0.0, lambda k: alive[k])]
        for t in (52.0, 1e3):
            rows.append(("expected", t, lambda k, t=t: expected(p, x, T, t, alive[k], k)))
        for quantity, t, f in rows:
            value = agreed(f)
            if value is None:
                skipped += 1
                continue
            fields = [quantity] + [repr(float(v)) for v in (*p, x, tx, T, t)] + [mpmath.nstr(value, 25, min_fixed=-400, max_fixed=400)]
            out.write(",".join(fields) + "\n")
        out.flush()
sys.stderr.write(f"skipped {skipped} values whose two quadratures disagreed\n")
