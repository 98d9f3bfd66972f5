-- POST /payments for pending orders made earlier in this run, each paid once by its owner.
-- The file is split between threads; a thread that runs out stops (counted as "exhausted").
local orders = {}
local next_index = 1
local card = '"payment_method":"card","card":{"number":"4242424242424242","expiry":"12/30","cvv":"123","name":"Load Test"}'

function init(args)
  seed_random()
  local n = 0
  for line in io.lines("{{ORDERS}}") do
    if n % {{THREADS}} == tid then
      local oid, token = line:match("^(%d+) (.+)$")
      table.insert(orders, {oid, token})
    end
    n = n + 1
  end
end

function request()
  local o = orders[next_index]
  if o == nil then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/health/live")
  end
  next_index = next_index + 1
  return wrk.format("POST", "/payments", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. o[2]
  }, '{"order_id":' .. o[1] .. ',' .. card .. '}')
end
