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



def day_number(text):
    import datetime
    return datetime.date.fromisoformat(text[:10]).toordinal()


def sequence_pair(lines, first, then, within, end):
    """customers_first, customers_then_within and the base rate of `then`, straight from the definitions."""
    first_day = {}
    first_any = {}
    for cust, key, day in lines:
        first_day[(cust, key)] = min(first_day.get((cust, key), day), day)
        first_any[cust] = min(first_any.get(cust, day), day)
    n_first = n_then = 0
    for cust in first_any:
        da = first_day.get((cust, first))
        if da is None or da + within > end:
            continue
        db = first_day.get((cust, then))
        if db is not None and db <= da:
            continue
        n_first += 1
        if db is not None and da < db <= da + within:
            n_then += 1
    eligible = within_n = 0
    for cust, d0 in first_any.items():
        if d0 + within > end:
            continue
        db = first_day.get((cust, then))
        if db is not None and db <= d0:
            continue
        eligible += 1
        if db is not None and db <= d0 + within:
            within_n += 1
    return n_first, n_then, Fraction(within_n, eligible)


def all_sequences(lines, within, end, min_customers):
    keys = sorted({k for _c, k, _d in lines})
    out = []
    for a in keys:
        for b in keys:
            if a == b:
                continue
            f, t, base = sequence_pair(lines, a, b, within, end)
            if t >= min_customers:
                out.append((a, b, f, t, base))
    return out


def superstore_lines():
    with gzip.open("superstore.csv.gz", "rt", newline="") as f:
        r = csv.DictReader(f)
        for row in r:
            yield row


def superstore_profit(as_of="2017-12-31", price_only_share=0.5, limit=0.25, trend_days=365):
    from decimal import Decimal
    end = day_number(as_of)
    sales = defaultdict(Decimal)
    profit = defaultdict(Decimal)
    disc = defaultdict(Decimal)
    recent = defaultdict(Decimal)
    previous = defaultdict(Decimal)
    cat = defaultdict(lambda: [Decimal(0), Decimal(0)])
    item = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for row in superstore_lines():
        c = row["Customer ID"]
        d = day_number(row["Order Date"])
        a = Decimal(row["Sales"])
        p = Decimal(row["Profit"])
        sales[c] += a
        profit[c] += p
        if Decimal(row["Discount"]) > 0:
            disc[c] += a
        if d > end - trend_days:
            recent[c] += a
        elif d > end - 2 * trend_days:
            previous[c] += a
        cat[row["Sub-Category"]][0] += a
        cat[row["Sub-Category"]][1] += p
        item[row["Product ID"]][0] += a
        item[row["Product ID"]][1] += p
    below_zero = sum(1 for c in profit if profit[c] < 0)
    price_only = {c for c in sales if sales[c] > 0 and disc[c] / sales[c] >= Decimal(str(price_only_share)) and profit[c] <= 0}
    ranked = sorted((c for c in sales if c not in price_only), key=lambda c: (-sales[c], c))
    total = sum(max(sales[c], 0) for c in ranked)
    before = {}
    run = Decimal(0)
    for c in ranked:
        before[c] = run / total
        run += max(sales[c], 0)
    groups = defaultdict(int)
    for c in sales:
        if c in price_only:
            g = "price_only"
        elif profit[c] < 0:
            g = "below_zero"
        elif profit[c] > 0 and sales[c] > 0 and before[c] < Decimal("0.1"):
            g = "top"
        elif profit[c] > 0 and sales[c] > 0 and before[c] < Decimal("0.5"):
            g = "core"
        elif profit[c] > 0 and recent[c] < previous[c]:
            g = "declining"
        else:
            g = "other"
        groups[g] += 1
    cats_below = sorted(k for k, (a, p) in cat.items() if a > 0 and p / a < Decimal(str(limit)))
    items_below = sum(1 for k, (a, p) in item.items() if (p / a < Decimal(str(limit)) if a > 0 else p < 0))
    return len(sales), below_zero, len(price_only), dict(groups), cats_below, len(cat), items_below, len(item)


def online_retail_cross_sell(max_categories=2, q=0.5):
    import math
    items = defaultdict(set)
    orders = defaultdict(set)
    sales = defaultdict(float)
    for inv, code, _d, cust, amount in online_retail_lines():
        items[cust].add(code)
        orders[cust].add(inv)
        sales[cust] += amount
    n = len(items)
    srt = sorted(sales.values())
    threshold = srt[min(max(math.ceil(q * n) - 1, 0), n - 1)]
    targets = sum(1 for c in items if len(items[c]) <= max_categories and sales[c] >= threshold and sales[c] > 0)
    single = sum(1 for c in items if len(items[c]) == 1)
    mean_items = Fraction(sum(len(v) for v in items.values()), n)
    return n, mean_items, single, targets


if __name__ == "__main__":
    n, items, frequent, rules = baskets(0.01, 0.5, 3)
    print(f"online retail baskets: orders {n}, items {items}, frequent items {frequent}, rules {len(rules)}")
    for r in rules[:3]:
        print(f"  {r[2]} -> {r[3]}: orders {r[4]}, antecedent orders {r[5]}, consequent orders {r[6]}, lift {float(r[0])!r}")
    retail = [(c, code, day_number(d)) for _i, code, d, c, _a in online_retail_lines()]
    end = max(d for _c, _k, d in retail)
    f, t, base = sequence_pair(retail, "23208", "23209", 90, end)
    print(f"online retail sequence 23208 -> 23209 within 90 days: customers_first {f}, then {t}, base rate {base} = {float(base)!r}, lift {float(Fraction(t, f) / base)!r}")
    n, mean_items, single, targets = online_retail_cross_sell()
    print(f"online retail cross-sell: customers {n}, items per customer {mean_items} = {float(mean_items)!r}, single-item customers {single}, targets {targets}")
    customers, below, price_only, groups, cats_below, cats, items_below, items_n = superstore_profit()
    print(f"superstore profit: customers {customers}, below zero {below}, price-only {price_only}, groups {groups}")
    print(f"  categories below 25 %: {len(cats_below)} of {cats}: {cats_below}; items below: {items_below} of {items_n}")
    store = [(row["Customer ID"], row["Sub-Category"], day_number(row["Order Date"])) for row in superstore_lines()]
    seq = all_sequences(store, 90, day_number("2017-12-31"), 20)
    seq.sort(key=lambda r: (-Fraction(r[3], r[2]), -r[3], r[0], r[1]))
    print(f"superstore sub-category sequences within 90 days (end 2017-12-31, >= 20 customers): {len(seq)} pairs")
    for a, b, f, t, base in seq[:2]:
        print(f"  {a} -> {b}: customers_first {f}, then {t}, probability {t / f!r}, lift {float(Fraction(t, f) / base)!r}")
