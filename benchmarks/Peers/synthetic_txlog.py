"""The seeded synthetic transaction log of the whole-process comparison (benchmarks/peer-compare.sh).

    python3 synthetic_txlog.py OUT.csv [CUSTOMERS]

Writes customer_id,date,amount rows for CUSTOMERS customers (default 4,700,000: 11,052,400 rows with numpy 1.24)
over 2019-01-01 .. 2020-12-31 (731 days), sorted by purchase time. The process (BG/NBD purchases, Gamma-Gamma spend),
all drawn from numpy's default_rng(7) in this order, one vector over all customers each:
  lambda ~ Gamma(shape 0.243, scale 1 / (7 * 4.414))   daily purchase rate (the weekly BG/NBD rate / 7)
  p      ~ Beta(0.793, 2.426)                           dropout probability after each repeat purchase
  nu     ~ Gamma(shape 3.74, scale 1 / 15.44)            spend rate (Gamma-Gamma p = 6.25, q = 3.74, gamma = 15.44)
  u      ~ Uniform(0, 731)                               first purchase, days after 2019-01-01
  M      ~ Poisson(lambda * (731 - u))                    purchases the customer would make if never dropping out
  K      ~ Geometric(p)                                  the repeat purchase after which the customer drops out
then sum(M) uniforms (customer by customer) place the M purchases in (u, 731); the first min(M, K) in time order are
kept. Every row (first purchases of customers 1..n, then the repeats by customer and time) gets an amount drawn from
Gamma(shape 6.25, scale 1 / nu), rounded to cents. Rows are sorted by time (stable); the date is the day of the time.
Check values for the default size: 11,052,400 rows, 4,700,000 customers, Σ frequency 6,257,382 (purchase days - 1).
"""
import sys
from datetime import date, timedelta

import numpy as np

DAYS = 731


def simulate(n):
    rng = np.random.default_rng(7)
    lam = rng.gamma(0.243, 1.0 / (7.0 * 4.414), n)
    p = rng.beta(0.793, 2.426, n)
    nu = rng.gamma(3.74, 1.0 / 15.44, n)
    u = rng.uniform(0.0, DAYS, n)
    span = DAYS - u
    m = rng.poisson(lam * span)
    k = rng.geometric(p)
    keep_n = np.minimum(m, k)
    owner = np.repeat(np.arange(n, dtype=np.int64), m)
    offset = rng.random(owner.size) * span[owner]
    order = np.lexsort((offset, owner))
    owner, offset = owner[order], offset[order]
    first_of = np.concatenate(([0], np.cumsum(m)[:-1]))
    rank = np.arange(owner.size) - first_of[owner]
    kept = rank < keep_n[owner]
    owner, when = owner[kept], u[owner[kept]] + offset[kept]
    customer = np.concatenate((np.arange(n, dtype=np.int64), owner))
    time = np.concatenate((u, when))
    amount = rng.gamma(6.25, 1.0 / nu[customer])
    order = np.argsort(time, kind="stable")
    return customer[order], np.floor(time[order]).astype(np.int64), np.round(amount[order], 2)


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 4_700_000
    customer, day, amount = simulate(n)
    labels = np.array([(date(2019, 1, 1) + timedelta(days=d)).isoformat() for d in range(DAYS)], dtype=object)
    with open(out, "w") as f:
        f.write("customer_id,date,amount\n")
        for s in range(0, customer.size, 500_000):
            e = min(customer.size, s + 500_000)
            f.write("".join(f"{c},{d},{a:.2f}\n" for c, d, a in zip((customer[s:e] + 1).tolist(), labels[day[s:e]].tolist(), amount[s:e].tolist())))
    print(f"{out}: {customer.size} rows, {n} customers")


if __name__ == "__main__":
    main()
