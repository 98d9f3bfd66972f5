-- GET /products?q=<term>, rotating over terms that each match about an eighth of the catalog
local terms = {"phone", "laptop", "watch", "tablet", "speaker", "camera", "keyboard", "headphones"}

function init(args)
  seed_random()
end

function request()
  return wrk.format("GET", "/products?q=" .. terms[math.random(#terms)])
end
