#!/bin/sh
# Seeded synthetic item-level log for the `basket` benchmark (docs/benchmarks.md, "Market baskets").
# Usage: benchmarks/whole-process/basket-log.sh [LINES] [SEED] > log.csv
# 200,000 customers; orders of 1-19 lines on a random day of 2020; 5,000 items with skewed popularity
# (item = floor(5000 * U1 * U2)), drawn independently, so no association is planted. Same seed, same file
# (POSIX awk's srand/rand; checked with mawk and gawk: the file differs between awk implementations, so record which).
lines=${1:-10000000}
seed=${2:-42}
awk -v lines="$lines" -v seed="$seed" 'BEGIN {
  srand(seed); print "customer_id,date,amount,order_id,item"; n = 0; o = 0
  while (n < lines) {
    o++; c = int(rand() * 200000); d = sprintf("2020-%02d-%02d", 1 + int(rand() * 12), 1 + int(rand() * 28)); k = 1 + int(rand() * 19)
    for (j = 0; j < k && n < lines; j++) { it = int(5000 * rand() * rand()); print c "," d ",1.5," o ",i" it; n++ }
  }
}'
