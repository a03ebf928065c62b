-- wrk script: RFC 8693 token exchange requests against Keycloak's token endpoint.
--
-- Configured through the environment (bench/tokenbench/load.py sets it):
--   BENCH_AUTH        value of the Authorization header (HTTP Basic of the requesting client)
--   BENCH_AUDIENCE    audience parameter
--   BENCH_TOKEN       one subject token for every request, or
--   BENCH_TOKEN_FILE  a file of subject tokens, one per line; requests cycle through them
--   BENCH_QUOTA       optional: total responses after which the run ends (divided among threads)
--   BENCH_THREADS     number of wrk threads (needed with BENCH_QUOTA)
--   BENCH_DONE_DIR    optional: directory for the threads' "quota reached" markers
--
-- At the end it prints one line "BENCH_RESULT {json}" with throughput, latency percentiles and the
-- count of every HTTP status seen, so non-2xx answers are counted exactly.

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local PREFIX = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Atoken-exchange"
  .. "&subject_token_type=urn%3Aietf%3Aparams%3Aoauth%3Atoken-type%3Aaccess_token"

function init(args)
  statuses = {}
  responses = 0
  stopped = false
  local headers = {
    ["Authorization"] = os.getenv("BENCH_AUTH"),
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Accept"] = "application/json",
  }
  local audience = os.getenv("BENCH_AUDIENCE")
  local prefix = PREFIX .. "&audience=" .. audience .. "&subject_token="
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "1")
  local quota_total = tonumber(os.getenv("BENCH_QUOTA") or "0")
  quota = nil
  if quota_total > 0 then
    -- spread the remainder over the first threads so the quotas add up exactly
    quota = math.floor(quota_total / nthreads)
    if id < quota_total % nthreads then
      quota = quota + 1
    end
  end
  done_dir = os.getenv("BENCH_DONE_DIR")
  total_threads = nthreads

  local file = os.getenv("BENCH_TOKEN_FILE")
  if file and file ~= "" then
    -- Each thread walks the list from its own offset, stride = thread count, so all tokens are
    -- used evenly and consecutive requests of one thread name different users.
    tokens = {}
    for line in io.lines(file) do
      if #line > 0 then
        tokens[#tokens + 1] = line
      end
    end
    cursor = id % #tokens
    stride = nthreads
    build = function(token)
      return wrk.format("POST", nil, headers, prefix .. token)
    end
    static_request = nil
  else
    static_request = wrk.format("POST", nil, headers, prefix .. os.getenv("BENCH_TOKEN"))
  end
end

function request()
  if static_request then
    return static_request
  end
  local token = tokens[cursor + 1]
  cursor = (cursor + stride) % #tokens
  return build(token)
end

local function my_pid()
  local f = io.open("/proc/self/stat", "r")
  if not f then return nil end
  local pid = f:read("*n")
  f:close()
  return pid
end

function response(status, headers, body)
  responses = responses + 1
  statuses[status] = (statuses[status] or 0) + 1
  if quota and not stopped and responses >= quota then
    stopped = true
    wrk.thread:stop()
    -- wrk's main thread sleeps for the whole -d duration; the last thread to finish its quota
    -- interrupts it (SIGINT ends a wrk run early and still prints the summary).
    if done_dir then
      local marker = io.open(done_dir .. "/done-" .. id, "w")
      if marker then marker:close() end
      for i = 0, total_threads - 1 do
        local f = io.open(done_dir .. "/done-" .. i, "r")
        if not f then return end
        f:close()
      end
    end
    -- Signalled from the background after a moment, when the finished worker threads have exited,
    -- so the signal reaches wrk's sleeping main thread (the delay adds ~0.05 s to the duration).
    local pid = my_pid()
    if pid then os.execute("(sleep 0.05; kill -INT " .. pid .. ") >/dev/null 2>&1 &") end
  end
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    if s then
      for code, n in pairs(s) do
        merged[code] = (merged[code] or 0) + n
      end
    end
  end
  local parts = {}
  for code, n in pairs(merged) do
    parts[#parts + 1] = string.format('"%d": %d', code, n)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, '
      .. '"latency_us": {"mean": %.1f, "p50": %d, "p90": %d, "p99": %d, "p999": %d, "max": %d}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"status": {%s}}\n',
    summary.requests, summary.duration, summary.bytes,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max,
    e.connect, e.read, e.write, e.timeout,
    table.concat(parts, ", ")))
end
