-- The order+pay journey through a front that routes /orders and /payments: POST /orders, then
-- POST /payments for the order that came back, by its owner. wrk's Lua has no handle on the
-- connection, so each thread keeps a queue: a connection that is free pays the oldest unpaid
-- order of its thread, or else places a new one. A journey counts when its payment is 201.
local first, count = {{FIRST}}, {{COUNT}}
local tokens = {}
local owner = {}
local unpaid = {}
local head, tail = 1, 0
local card = '"payment_method":"card","card":{"number":"4242424242424242","expiry":"12/30","cvv":"123","name":"Load Test"}'

function init(args)
  seed_random()
  for line in io.lines("{{TOKENS}}") do
    local uid, token = line:match("^(%d+) (.+)$")
    table.insert(tokens, token)
    owner[uid] = token
  end
end

function request()
  if head <= tail then
    local o = unpaid[head]
    unpaid[head] = nil
    head = head + 1
    return wrk.format("POST", "/payments", {
      ["Content-Type"] = "application/json",
      ["Authorization"] = "Bearer " .. o[2]
    }, '{"order_id":' .. o[1] .. ',' .. card .. '}')
  end
  local body = '{"items":[{"product_id":' .. (first + math.random(0, count - 1)) .. ',"quantity":1}]}'
  return wrk.format("POST", "/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  }, body)
end

function response(status, headers, body)
  if status ~= 201 then
    return
  end
  if body:find('"payment_id"', 1, true) then
    journeys = journeys + 1
    return
  end
  local oid = body:match('"order_id":(%d+)')
  local uid = body:match('"user_id":(%d+)')
  if oid and uid and owner[uid] then
    tail = tail + 1
    unpaid[tail] = {oid, owner[uid]}
  end
end
