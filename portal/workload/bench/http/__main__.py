"""`python -m portal.workload.bench.http COMMAND ARGS`: the helpers a run starts inside Django."""

import sys

from portal.workload.bench.http.measuring import count_queries
from portal.workload.bench.http.plan import prepare
from portal.workload.bench.http.serving import settle

command, *arguments = sys.argv[1:]
{"prepare": prepare, "settle": settle, "queries": count_queries}[command](*arguments)
