"""Independent figures for the item-level worked examples (basket, sequences, cross-sell, profit).

Run from this folder:  python3 derive_item_level_figures.py
It reads online_retail.csv.gz and superstore.csv.gz with Python's csv module only (no code shared with the library)
and prints the figures the tests in Cli/ItemLevelWorkedExampleTests.cs assert. Counting is brute force: every
combination of an order's frequent items is counted in a dictionary.
"""
import csv
import gzip
import itertools
from collections import defaultdict
from fractions import Fraction


def online_retail_lines():
    """Lines kept as the CLI keeps them with --missing-value NA (and returns not allowed): a customer id other than
    NA and quantity x price >= 0."""
    with gzip.open("online_retail.csv.gz", "rt", newline="") as f:
        r = csv.reader(f)
        next(r)
        for inv, code, _desc, qty, date, price, cust, _country in r:
            if cust == "NA":
                continue
            amount = float(qty) * float(price)
            if amount < 0:
                continue
            yield inv, code, date[:10], cust, amount


def baskets(min_support, min_confidence, max_items):
    orders = defaultdict(set)
    for inv, code, _d, _c, _a in online_retail_lines():
        orders[inv].add(code)
    n = len(orders)
    item_count = defaultdict(int)
    for items in orders.values():
        for i in items:
            item_count[i] += 1
    # frequent items: count / n >= min_support, compared exactly as the CLI compares (double division)
    frequent = {i for i, c in item_count.items() if c / n >= min_support}
    counts = defaultdict(int)
    for items in orders.values():
        f = sorted(items & frequent)
        for k in range(1, max_items + 1):
            for combo in itertools.combinations(f, k):
                counts[combo] += 1
    rules = []
    for combo, c in counts.items():
        if len(combo) < 2 or c / n < min_support:
            continue
        for j, b in enumerate(combo):
            a = combo[:j] + combo[j + 1:]
            ca = counts[a]
            if c / ca >= min_confidence:
                lift = Fraction(c * n, ca * item_count[b])
                rules.append((lift, Fraction(c, n), "|".join(a), b, c, ca, item_count[b]))
    rules.sort(key=lambda r: (-r[0], -r[1], r[2], r[3]))
    return n, len(item_count), len(frequent), rules


if __name__ == "__main__":
    n, items, frequent, rules = baskets(0.01, 0.5, 3)
    print(f"online retail baskets: orders {n}, items {items}, frequent items {frequent}, rules {len(rules)}")
    for r in rules[:3]:
        print(f"  {r[2]} -> {r[3]}: orders {r[4]}, antecedent orders {r[5]}, consequent orders {r[6]}, lift {float(r[0])!r}")
