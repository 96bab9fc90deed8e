#!/usr/bin/env python3
"""Reference values of the Gauss hypergeometric function 2F1(a, b; c; z) for the CustomerValue tests.

Run offline (python3 with mpmath 1.3.0; no other dependency):

    python3 generate_hyp2f1.py > hyp2f1_reference.csv

Every input is a double (printed with repr, so the C# parser reads back the same bits) and mpmath evaluates 2F1 at
that exact binary value with 40 significant digits. The CSV holds ln|2F1| and its sign (values such as
(1 - z)^(-10000) do not fit in a double), plus a category naming the case family. Seeded: the output is the same on
every run.
"""
import random
import signal
import sys

import mpmath

mpmath.mp.dps = 40


class Slow(Exception):
    pass


def _alarm(signum, frame):
    raise Slow()


signal.signal(signal.SIGALRM, _alarm)

rows = []


def series(a, b, c, z):
    """The defining power series at 40 digits, for the few large-parameter cases where mpmath's own 2F1 gives up or
    takes more than 5 s. Only used for 0 <= z < 1 with positive parameters, where all terms are positive."""
    assert 0 <= z < 1 and a > 0 and b > 0 and c > 0
    a, b, c, z = (mpmath.mpf(v) for v in (a, b, c, z))
    total, term, k = mpmath.mpf(1), mpmath.mpf(1), 0
    while True:
        term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
        total += term
        k += 1
        if k > 10 and abs(term) < abs(total) * mpmath.mpf(10) ** -45 and abs((a + k) * (b + k) * z) < abs((c + k) * (k + 1)):
            return total


def add(category, a, b, c, z):
    a, b, c, z = float(a), float(b), float(c), float(z)
    signal.alarm(5)
    try:
        value = mpmath.hyp2f1(a, b, c, z, maxterms=10**6, maxprec=20000)
        signal.alarm(0)
    except (Slow, ValueError, mpmath.libmp.NoConvergence):
        signal.alarm(0)
        value = series(a, b, c, z)
    sys.stderr.write(f"{category} {a} {b} {c} {z}\n")
    if value == 0:
        sign, log_abs = 0, "-inf"
    else:
        sign = 1 if value > 0 else -1
        log_abs = mpmath.nstr(mpmath.log(abs(value)), 25, min_fixed=-30, max_fixed=30)
    rows.append((category, repr(a), repr(b), repr(c), repr(z), sign, log_abs))


rng = random.Random(20261123)

# BG/NBD and MBG/NBD conditional expectation: 2F1(r+x, b+x; a+b+x-1; t/(alpha+T+t)).
for x in [0, 1, 2, 7, 30, 161, 300, 1000, 10000]:
    for _ in range(4):
        r, alpha = rng.uniform(0.1, 3), rng.uniform(0.5, 40)
        a, b = rng.uniform(0.3, 5), rng.uniform(0.3, 10)
        T, t = rng.uniform(0, 200), rng.choice([1, 39, 52, 520, 10000])
        add("bgnbd", r + x, b + x, a + b + x - 1, t / (alpha + T + t))

# Pareto/NBD A0 and P(X(t)=n): 2F1(r+s+x, s+1; r+s+x+1; (alpha-beta)/(alpha+t)), 2F1(r+s+x, r+x; r+s+x+1; ...).
for x in [0, 1, 3, 26, 161, 204, 221, 254, 300, 1000, 10000]:
    for _ in range(3):
        r, s = rng.uniform(0.1, 3), rng.uniform(0.1, 3)
        lo, hi = sorted([rng.uniform(0.5, 50), rng.uniform(0.5, 50)])
        t = rng.choice([0.0, 1.0, 30.86, 31.0, 200.0, 10000.0])
        add("pnbd_alpha_ge_beta", r + s + x, s + 1, r + s + x + 1, (hi - lo) / (hi + t))
        add("pnbd_alpha_lt_beta", r + s + x, r + x, r + s + x + 1, (hi - lo) / (hi + t))
# CDNOW published parameters, the golden customer and its neighbours.
for x, t in [(26, 30.86), (26, 31.0), (0, 0.0), (2, 30.43), (2, 38.86), (254, 38.0)]:
    r, alpha, s, beta = 0.553, 10.578, 0.606, 11.669
    add("pnbd_cdnow", r + s + x, r + x, r + s + x + 1, (beta - alpha) / (beta + t))
# z near 1 in the Pareto/NBD terms (one rate prior far wider than the other).
for x in [0, 5, 300]:
    for ratio in [1e2, 1e4, 1e6]:
        add("pnbd_near_one", 0.5 + 0.7 + x, 1.7, 0.5 + 0.7 + x + 1, (ratio - 1) / ratio)
        add("pnbd_near_one", 0.5 + 0.7 + x, 0.5 + x, 0.5 + 0.7 + x + 1, (ratio - 1) / ratio)

# sBG discounted expected residual lifetime: 2F1(1, beta+n; alpha+beta+n; 1/(1+d)).
for alpha, beta in [(0.704, 1.182), (0.668, 3.806), (1.0, 2.0), (2.0, 0.5), (0.05, 30.0)]:
    for n in [1, 2, 5, 12, 100]:
        for d in [1.0, 0.1, 0.01, 0.001]:
            add("sbg_derl", 1, beta + n, alpha + beta + n, 1 / (1 + d))

# Generic positive parameters, z in [-20, 0.999].
for _ in range(60):
    a, b, c = rng.uniform(0.05, 30), rng.uniform(0.05, 30), rng.uniform(0.05, 40)
    z = rng.choice([rng.uniform(-20, 0), rng.uniform(0, 0.5), rng.uniform(0.5, 0.9), rng.uniform(0.9, 0.999)])
    add("generic", a, b, c, z)

# z close to 1, c - a - b of both signs.
for z in [0.95, 0.99, 0.999, 0.99999, 1 - 1e-6]:
    for a, b, c in [(0.5, 0.7, 2.3), (1.5, 2.5, 3.1), (0.3, 0.4, 0.5), (2.0, 3.0, 8.5), (12.5, 7.25, 4.0)]:
        add("near_one", a, b, c, z)

# c - a - b an integer or within 1e-9 .. 1e-3 of one, z on both sides of the 0.9 switch.
for m in [0, 1, 2, 5, -1, -3]:
    for eps in [0.0, 1e-9, 1e-6, 1e-3, -1e-6]:
        for z in [0.85, 0.95, 0.999]:
            a, b = 0.75, 1.6
            add("integer_m", a, b, a + b + m + eps, z)

# Negative z, far out (the 1/z region, reached here through Pfaff's transformation).
for z in [-0.5, -1.0, -3.0, -50.0, -1e3, -1e6]:
    for a, b, c in [(0.6, 1.3, 2.2), (3.0, 0.5, 1.5), (2.0, 2.0, 4.0), (100.5, 1.7, 101.5)]:
        add("negative_z", a, b, c, z)

# Large parameters at moderate z.
for big in [100.0, 1000.0, 10000.0, 20000.0]:
    for z in [0.1, 0.5, 0.9, 0.99]:
        add("large", big + 0.3, big + 0.8, 2 * big + 0.1, z)
        add("large", big + 0.3, 1.7, big + 1.3, z)
        add("large", 0.4, 1.2, big, z)

# Terminating series (a non-positive integer).
for a in [-1.0, -3.0, -10.0]:
    for z in [-2.0, 0.3, 0.95]:
        add("polynomial", a, 2.5, 3.5, z)

# Exactly z = 1 with c - a - b > 0 (Gauss).
for a, b, c in [(0.5, 0.7, 2.3), (1.0, 1.182, 2.886), (3.0, 1.5, 6.0)]:
    add("at_one", a, b, c, 1.0)

out = sys.stdout
out.write("category,a,b,c,z,sign,log_abs\n")
for row in rows:
    out.write(",".join(str(v) for v in row) + "\n")
