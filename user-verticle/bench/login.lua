-- wrk -t2 -c16 -d20s -s user-verticle/bench/login.lua http://localhost:5001
-- logs in as bench1..bench20 (password bench-password-N) in turn, so no account has many attempts in flight
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local n = 0
request = function()
  n = n % 20 + 1
  return wrk.format(nil, "/login", nil,
    string.format('{"username":"bench%d","password":"bench-password-%d"}', n, n))
end
-- wrk prints "Non-2xx or 3xx responses" when any login was not 200
done = function(summary, latency, requests)
  io.write(string.format("p50 %.1f ms, p99 %.1f ms\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
