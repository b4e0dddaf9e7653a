#!/usr/bin/env bash
# Prints the fault suite's table (target/faults/table.tsv, one tab-separated row per case:
# fault, expected, observed, recovery, survived) and `faults: N/M survived`; fails unless all survived.
set -euo pipefail
table="${1:-target/faults/table.tsv}"
if [ ! -s "$table" ]; then
  echo "fault | expected | observed | recovery"
  echo "faults: 0/0 survived"
  exit 1
fi
awk -F'\t' '
  BEGIN { print "fault | expected | observed | recovery" }
  { print $1 " | " $2 " | " $3 " | " $4; total++; if ($5 == "true") ok++ }
  END { printf "faults: %d/%d survived\n", ok, total; exit (ok == total ? 0 : 1) }
' "$table"
