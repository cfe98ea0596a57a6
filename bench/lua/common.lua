-- Shared by every wrk script: thread ids, a per-thread random key, and a done() that
-- prints one JSON line the bench runner parses. Settings come from the environment:
--   BENCH_KEYS (default 1000)  number of actor keys, picked uniformly at random per call
--   BENCH_KEY_IDS              optional comma-separated subset of those keys to call
--                              (the cluster bench: keys one node owns)
local M = {}

M.keys = tonumber(os.getenv("BENCH_KEYS") or "1000")
local subset = {}
for id in string.gmatch(os.getenv("BENCH_KEY_IDS") or "", "%d+") do table.insert(subset, tonumber(id)) end

local threads = {}
local counter = 1

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function M.seed()
  math.randomseed(os.time() * 1000 + (tid or 0) * 7919)
end

function M.key()
  if #subset > 0 then return subset[math.random(1, #subset)] end
  return math.random(0, M.keys - 1)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end

return M
