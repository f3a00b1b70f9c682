-- wrk's script for the load benches (bench/http_load.sh, bench/shard_load.sh):
-- each request is the next line of the file named by $TARGETS, in turn; at the
-- end one line: rps=R p50=MS p95=MS p99=MS errors=N.
targets = {}
for line in io.lines(os.getenv("TARGETS")) do targets[#targets + 1] = line end
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", targets[(counter % #targets) + 1])
end
done = function(summary, latency, requests)
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read +
                 summary.errors.write + summary.errors.timeout
  io.write(string.format("rps=%.1f p50=%.3f p95=%.3f p99=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
