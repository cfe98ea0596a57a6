-- client -> gateway through a configured HTTP route (issue 14): POST /counters/k<N>/add
-- with the plain JSON body {"by":1}; the route maps {name} to the actor name. Same
-- counter, keys and action as invoke.lua, so the ratio to gateway-json is the route's cost.
package.path = package.path .. ";" .. (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua"
local common = require("common")
local reqs = {}

function init(args)
  common.seed()
  local headers = { ["Content-Type"] = "application/json" }
  for k = 0, common.keys - 1 do
    reqs[k] = wrk.format("POST", string.format("/counters/k%d/add", k), headers, '{"by":1}')
  end
end

function request()
  return reqs[common.key()]
end
