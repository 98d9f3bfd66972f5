-- POST /orders: one line of quantity 1 of a random product, as a random one of the seeded customers
local first, count = {{FIRST}}, {{COUNT}}
local tokens = {}

function init(args)
  seed_random()
  for line in io.lines("{{TOKENS}}") do
    local uid, token = line:match("^(%d+) (.+)$")
    table.insert(tokens, token)
  end
end

function request()
  local body = '{"items":[{"product_id":' .. (first + math.random(0, count - 1)) .. ',"quantity":1}]}'
  return wrk.format("POST", "/orders", {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  }, body)
end
