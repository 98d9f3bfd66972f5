-- GET {{PREFIX}}<random id among {{COUNT}} from {{FIRST}}>
local prefix, first, count = "{{PREFIX}}", {{FIRST}}, {{COUNT}}

function init(args)
  seed_random()
end

function request()
  return wrk.format("GET", prefix .. (first + math.random(0, count - 1)))
end
