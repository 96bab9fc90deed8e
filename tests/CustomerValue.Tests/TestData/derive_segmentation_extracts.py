#!/usr/bin/env python3
"""Derives the small per-customer extracts the segmentation tests use from the shared data sets.

Usage: python3 derive_segmentation_extracts.py /path/to/shared/data [transactions-out.csv]

online_retail_customers.csv  (UCI Online Retail, 2010-12-01 .. 2011-12-09)
    Rows are dropped when the invoice starts with "C" (cancellations) or CustomerID is empty/NA;
    revenue = Quantity x UnitPrice, summed exactly (decimal) per customer and written with 2 decimals.
    Columns: customer_id,first_purchase,last_purchase,purchase_days,invoices,revenue
superstore_customers.csv  (Sample Superstore, 2014-2017)
    Per customer: total Sales, total Profit (exact decimal sums), number of distinct Order IDs.
    Columns: customer_id,sales,profit,orders
With a second argument, also writes the Online Retail log as customer_id,date,amount (for the CLI).
"""
import csv
import gzip
import sys
from collections import defaultdict
from decimal import Decimal

data = sys.argv[1]
tx_out = sys.argv[2] if len(sys.argv) > 2 else None

stats = defaultdict(lambda: {"days": set(), "invoices": set(), "revenue": Decimal(0)})
read = cancelled = no_id = dropped = 0
tx = open(tx_out, "w", newline="") if tx_out else None
if tx:
    tx.write("customer_id,date,amount\n")
with gzip.open(f"{data}/online_retail.csv.gz", "rt", newline="") as f:
    for row in csv.DictReader(f):
        read += 1
        invoice, customer = row["InvoiceNo"], row["CustomerID"]
        is_cancel = invoice.startswith("C")
        is_anonymous = customer in ("", "NA")
        cancelled += is_cancel
        no_id += is_anonymous
        if is_cancel or is_anonymous:
            dropped += 1
            continue
        amount = Decimal(row["Quantity"]) * Decimal(row["UnitPrice"])
        day = row["InvoiceDate"][:10]
        s = stats[customer]
        s["days"].add(day)
        s["invoices"].add(invoice)
        s["revenue"] += amount
        if tx:
            tx.write(f"{customer},{day},{amount}\n")
if tx:
    tx.close()

with open("online_retail_customers.csv", "w", newline="") as out:
    out.write("customer_id,first_purchase,last_purchase,purchase_days,invoices,revenue\n")
    for customer in sorted(stats, key=int):
        s = stats[customer]
        out.write(f"{customer},{min(s['days'])},{max(s['days'])},{len(s['days'])},{len(s['invoices'])},{s['revenue'].quantize(Decimal('0.01'))}\n")
print(f"online retail: {read} rows read, {cancelled} cancellation rows, {no_id} without CustomerID, "
      f"{dropped} dropped (either), {read - dropped} kept, {len(stats)} customers")

store = defaultdict(lambda: {"sales": Decimal(0), "profit": Decimal(0), "orders": set()})
with open(f"{data}/superstore.csv", newline="") as f:
    for row in csv.DictReader(f):
        s = store[row["Customer ID"]]
        s["sales"] += Decimal(row["Sales"])
        s["profit"] += Decimal(row["Profit"])
        s["orders"].add(row["Order ID"])
with open("superstore_customers.csv", "w", newline="") as out:
    out.write("customer_id,sales,profit,orders\n")
    for customer in sorted(store):
        s = store[customer]
        out.write(f"{customer},{s['sales'].normalize():f},{s['profit'].normalize():f},{len(s['orders'])}\n")
print(f"superstore: {len(store)} customers, {sum(1 for s in store.values() if s['profit'] < 0)} with negative total profit")
