"""50-digit reference values for BG/BB across the 1e-3..1e3 parameter grid (issue 12.1).

Run offline with Debian's python3-mpmath: python3 generate_bgbb_grid.py > bgbb_grid_reference.csv

Columns: quantity,alpha,beta,gamma,delta,x,t_x,n,future,value
With p ~ Beta(alpha, beta) (purchase probability per opportunity) and theta ~ Beta(gamma, delta) (drop-out
probability), integrating the customer's likelihood over both gives sums of beta-function ratios, evaluated term by
term at 60 working digits:
- loglik:   ln L, L = B(a+x, b+n-x)/B(a,b) B(g, d+n)/B(g,d) + sum_{i=0}^{n-t_x-1} B(a+x, b+t_x-x+i)/B(a,b) B(g+1, d+t_x+i)/B(g,d)
- p_alive:  P(alive at n+1 | x, t_x, n) = B(a+x, b+n-x)/B(a,b) B(g, d+n+1)/B(g,d) / L
- expected: expected purchases at opportunities n+1 .. n+future, the sum over t of
            B(a+x+1, b+n-x)/B(a,b) B(g, d+t)/B(g,d) / L (a purchase at t needs p and being alive at t),
            not the closed form with Gamma(g+d+n) ratios and the factor d/(g-1) that the paper gives.
"""
import sys
from mpmath import mp, mpf, loggamma, exp, log, nstr, fsum

mp.dps = 60

def lbeta(a, b):
    return loggamma(a) + loggamma(b) - loggamma(a + b)

def s(v):
    return nstr(v, 50, min_fixed=-3, max_fixed=3) if v != 0 else "0"

out = sys.stdout
out.write("quantity,alpha,beta,gamma,delta,x,t_x,n,future,value\n")
grid = ["0.001", "1.0", "1000.0"]
customers = [(0, 0, 6), (3, 5, 6), (6, 6, 6), (0, 0, 100), (50, 80, 100), (100, 100, 100), (0, 0, 1000), (500, 900, 1000)]
for a_ in grid:
    for b_ in grid:
        for g_ in grid:
            for d_ in grid:
                a, b, g, d = mpf(a_), mpf(b_), mpf(g_), mpf(d_)
                lab, lgd = lbeta(a, b), lbeta(g, d)
                for x, tx, n in customers:
                    alive = exp(lbeta(a + x, b + n - x) - lab + lbeta(g, d + n) - lgd)
                    dropped = fsum(exp(lbeta(a + x, b + tx - x + i) - lab + lbeta(g + 1, d + tx + i) - lgd) for i in range(n - tx))
                    L = alive + dropped
                    key = f"{a_},{b_},{g_},{d_},{x},{tx},{n}"
                    out.write(f"loglik,{key},,{s(log(L))}\n")
                    out.write(f"p_alive,{key},,{s(exp(lbeta(a + x, b + n - x) - lab + lbeta(g, d + n + 1) - lgd) / L)}\n")
                    lp = lbeta(a + x + 1, b + n - x) - lab
                    for future in (10, 100):
                        e = fsum(exp(lp + lbeta(g, d + t) - lgd) for t in range(n + 1, n + future + 1)) / L
                        out.write(f"expected,{key},{future},{s(e)}\n")
