#!/usr/bin/env python3
"""High-precision Pareto/NBD reference values for the CustomerValue tests, heavy buyers included.

Run offline (python3 with mpmath 1.3.0):

    python3 generate_pareto_nbd.py > pareto_nbd_reference.csv

Independent of the 2F1 closed form the library uses: the likelihood's "died between t_x and T" term is the
defining integral  s * Integral_{t_x}^{T} (alpha+y)^-(r+x) (beta+y)^-(s+1) dy  evaluated by mpmath quadrature at
50 digits, so a cancellation or 2F1 bug in the library cannot be reproduced here. Columns: quantity
(loglik, p_alive, p_alive_at, expected, pmf), the parameters, the customer (x, t_x, T; for pmf x is the count n
of a new customer), the horizon t and the value (as a decimal with 25 significant digits).
"""
import sys

import mpmath
from mpmath import mpf, log, exp, loggamma, quad

mpmath.mp.dps = 50

CDNOW = (0.553, 10.578, 0.606, 11.669)


def died_integral(r, alpha, s, beta, x, tx, T):
    """s * Integral_{tx}^{T} (alpha+y)^-(r+x) (beta+y)^-(s+1) dy, split so the quadrature sees a smooth piece."""
    if T <= tx:
        return mpf(0)
    p = r + x
    if p <= 2:
        f = lambda y: (alpha + y) ** (-p) * (beta + y) ** (-(s + 1))
        return s * quad(f, [tx + (T - tx) * k / 16 for k in range(17)])
    # (alpha+y)^-p falls by e^-100 and more over [t_x, T] for heavy buyers, which defeats plain quadrature. With
    # w = (alpha+y)^-(p-1) the integrand becomes (v(w) + beta - alpha)^-(s+1) / (p-1), v = w^(-1/(p-1)): smooth.
    g = lambda w: (w ** (-1 / (p - 1)) + beta - alpha) ** (-(s + 1)) / (p - 1)
    hi, lo = (alpha + tx) ** (-(p - 1)), (alpha + T) ** (-(p - 1))
    return s * quad(g, [lo + (hi - lo) * k / 16 for k in range(17)])


def terms(p, x, tx, T):
    r, alpha, s, beta = (mpf(v) for v in p)
    x, tx, T = mpf(x), mpf(tx), mpf(T)
    alive = (alpha + T) ** (-(r + x)) * (beta + T) ** (-s)
    return alive, died_integral(r, alpha, s, beta, x, tx, T)


def loglik(p, x, tx, T):
    r, alpha, s, beta = (mpf(v) for v in p)
    alive, died = terms(p, x, tx, T)
    return loggamma(r + x) - loggamma(r) + r * log(alpha) + s * log(beta) + log(alive + died)


def p_alive(p, x, tx, T):
    alive, died = terms(p, x, tx, T)
    return alive / (alive + died)


def expected(p, x, tx, T, t):
    r, alpha, s, beta = (mpf(v) for v in p)
    x, T, t = mpf(x), mpf(T), mpf(t)
    # E[lambda | alive] * E[time alive in (T, T+t] | alive]; the latter integrates ((beta+T)/(beta+T+u))^s.
    alive_time = quad(lambda u: ((beta + T) / (beta + T + u)) ** s, [t * k / 8 for k in range(9)])
    return (r + x) / (alpha + T) * alive_time * p_alive(p, x, tx, T)


def p_alive_at(p, x, tx, T, t):
    s, beta = mpf(p[2]), mpf(p[3])
    return p_alive(p, x, tx, T) * ((beta + T) / (beta + T + t)) ** s


def pmf(p, n, t):
    r, alpha, s, beta = (mpf(v) for v in p)
    n, t = mpf(n), mpf(t)
    coefficient = exp(loggamma(r + n) - loggamma(r) - loggamma(n + 1))
    alive = coefficient * (alpha / (alpha + t)) ** r * (t / (alpha + t)) ** n * (beta / (beta + t)) ** s
    f = lambda y: y ** n * (alpha + y) ** (-(r + n)) * (beta + y) ** (-(s + 1))
    died = coefficient * alpha ** r * s * beta ** s * quad(f, [t * k / 64 for k in range(65)])
    return alive + died


rows = []


def emit(quantity, p, x, tx, T, t, value):
    rows.append((quantity, *(repr(float(v)) for v in p), repr(float(x)), repr(float(tx)), repr(float(T)), repr(float(t)),
                 mpmath.nstr(value, 25, min_fixed=-400, max_fixed=400)))


# Parameter sets: CDNOW; alpha < beta far apart; alpha > beta far apart; alpha = beta; s = 1 exactly.
params = [CDNOW, (0.25, 4.0, 1.3, 80.0), (2.5, 90.0, 0.4, 3.0), (0.8, 7.0, 0.9, 7.0), (1.1, 12.0, 1.0, 20.0)]

# Ordinary customers, the published golden one, and heavy buyers: the anchors' NaN cases (x = 161, 204, 221, 254),
# the overflow region (x >= 300) and t_x close to T, with T up to 10,000 units.
customers = [
    (0, 0.0, 38.86), (2, 30.43, 38.86), (26, 30.86, 31.0), (80, 34.714285714285715, 34.857142857142854),
    (161, 38.5, 38.86), (204, 30.0, 38.86), (221, 38.86, 38.86), (254, 20.0, 38.86), (254, 38.859, 38.86),
    (300, 38.0, 39.0), (1000, 499.0, 500.0), (1000, 250.0, 500.0), (10000, 9999.5, 10000.0), (10000, 9000.0, 10000.0),
    (10000, 10000.0, 10000.0),
]

for p in params:
    for x, tx, T in customers:
        emit("loglik", p, x, tx, T, 0, loglik(p, x, tx, T))
        emit("p_alive", p, x, tx, T, 0, p_alive(p, x, tx, T))
        for t in [39.0, 52.0]:
            emit("expected", p, x, tx, T, t, expected(p, x, tx, T, t))
        emit("p_alive_at", p, x, tx, T, 26.0, p_alive_at(p, x, tx, T, 26.0))
    for n in [0, 1, 2, 5, 20, 60]:
        emit("pmf", p, n, 0, 0, 39.0, pmf(p, n, 39.0))

out = sys.stdout
out.write("quantity,r,alpha,s,beta,x,t_x,T,t,value\n")
for row in rows:
    out.write(",".join(row) + "\n")
