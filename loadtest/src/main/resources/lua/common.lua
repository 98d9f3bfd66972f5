-- Shared by every benchmark script: thread ids, per-thread counters, and one machine-readable
-- summary line (WRKJSON …) that the runner parses instead of wrk's human output.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  thread:set("nthreads", 0)
  table.insert(threads, thread)
end

journeys = 0
exhausted = 0

function seed_random()
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

function done(summary, latency, requests)
  local j, x = 0, 0
  for _, t in ipairs(threads) do
    j = j + (t:get("journeys") or 0)
    x = x + (t:get("exhausted") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect":%d,"read":%d,"write":%d,"status":%d,'
    .. '"timeout":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f,"journeys":%d,"exhausted":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean, j, x))
end
