-- wrk script for bench/scan_load: POST /api/v1/scans with new scans, and every
-- RETRY_EVERY-th request a retry of the previous body (same nonces).
-- Parameters come from the environment (set by run.py).
local codes = {}
for line in io.lines(os.getenv("SCAN_CODES")) do codes[#codes + 1] = line end
local batch = tonumber(os.getenv("SCAN_BATCH"))
local retry_every = tonumber(os.getenv("SCAN_RETRY_EVERY"))
local quota = tonumber(os.getenv("SCAN_QUOTA"))  -- requests per thread: bounded in count
local key = os.getenv("SCAN_KEY")
local when = os.getenv("SCAN_WHEN")
local threads = {}
local next_id = 0

function setup(thread)
  next_id = next_id + 1
  thread:set("tid", next_id)
  table.insert(threads, thread)
end

function init(args)
  counter, sent, retries, responses, errors, last = 0, 0, 0, 0, 0, nil
  -- Bodies sent and not yet answered, by the prefix of their first nonce: when
  -- wrk stops, the driver sends these again, as a phone would.
  pending = {}
  math.randomseed(tid * 7919)
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
end

function request()
  counter = counter + 1
  local body
  if last ~= nil and counter % retry_every == 0 then
    body = last  -- a phone that did not hear the answer sends the same scans again
    retries = retries + 1
  else
    local items = {}
    for i = 1, batch do
      items[i] = string.format('{"nonce":"%d-%d-%d","code":"%s","scanned_at":"%s"}',
        tid, counter, i, codes[math.random(#codes)], when)
    end
    body = '{"scans":[' .. table.concat(items, ",") .. ']}'
    sent = sent + batch
    pending[tid .. "-" .. counter] = body
  end
  last = body
  return wrk.format("POST", "/api/v1/scans", headers, body)
end

function response(status, headers, body)
  responses = responses + 1
  if status ~= 200 then
    errors = errors + 1
  else
    local key = string.match(body, '"nonce":%s*"(%d+%-%d+)%-')
    if key then pending[key] = nil end
  end
  if responses >= quota then wrk.thread:stop() end
end

function done(summary, latency, requests)
  local sent_total, retries_total, errors_total = 0, 0, 0
  local out = io.open(os.getenv("SCAN_PENDING_OUT"), "w")
  for _, t in ipairs(threads) do
    for _, body in pairs(t:get("pending")) do out:write(body, "\n") end
    sent_total = sent_total + t:get("sent")
    retries_total = retries_total + t:get("retries")
    errors_total = errors_total + t:get("errors")
  end
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"distinct_scans_sent":%d,"retried_requests":%d,' ..
    '"non_200":%d,"socket_errors":%d,"p50_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, sent_total, retries_total, errors_total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
  out:close()
end
