-- wrk script template (filled by decide_mix.write_wrk_script): rotates through a table of request
-- bodies, each thread starting at its own offset, and counts responses by status so that every
-- non-2xx answer is reported. `done` prints one line: STATUS 2xx=N other=M.
local bodies = __BODIES__
local method = "__METHOD__"
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  ok, other = 0, 0
  -- Threads start far apart in the table, so that they do not send the same request at once.
  i = (id * 7919) % math.max(#bodies, 1)
  -- Every request formatted once, so that the client spends its time sending, not formatting.
  prepared = {}
  if #bodies == 0 then
    prepared[1] = wrk.format(method, nil, nil, nil)
  end
  for j, body in ipairs(bodies) do
    prepared[j] = wrk.format(method, nil, {["Content-Type"] = "application/json"}, body)
  end
end

function request()
  i = i % #prepared + 1
  return prepared[i]
end

function response(status, headers, body)
  if status >= 200 and status < 300 then ok = ok + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_other = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + t:get("ok")
    total_other = total_other + t:get("other")
  end
  io.write(string.format("STATUS 2xx=%d other=%d\n", total_ok, total_other))
end
