-- Headless Neovim (0.7+) as an independent LSP client of the ZenML Projects language server:
-- attaches `node <server> --stdio` to the file given on the command line, waits until the
-- expected diagnostic codes arrive (or the time runs out, or the server exits), writes what
-- Neovim's own diagnostic API holds as JSON, and quits. test/editor/neovim/run.ts judges it.
--   ZENML_NVIM_SERVER   path to dist/server.js
--   ZENML_NVIM_ROOT     the workspace root to report to the server
--   ZENML_NVIM_EXPECT   comma-separated diagnostic codes to wait for
--   ZENML_NVIM_OUT      where to write the JSON result
--   ZENML_NVIM_TIMEOUT  milliseconds to wait for the codes
vim.cmd('filetype on')

local function write_result(result)
  local f = assert(io.open(vim.env.ZENML_NVIM_OUT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype == '' then vim.bo[buf].filetype = 'yaml' end
  local expected = vim.split(vim.env.ZENML_NVIM_EXPECT or '', ',', { trimempty = true })
  local timeout = tonumber(vim.env.ZENML_NVIM_TIMEOUT or '60000')
  local exited = nil

  local client_id = vim.lsp.start_client({
    name = 'zenml-projects',
    cmd = { 'node', vim.env.ZENML_NVIM_SERVER, '--stdio' },
    root_dir = vim.env.ZENML_NVIM_ROOT,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  if not client_id then
    write_result({ error = 'vim.lsp.start_client did not start the server' })
    return
  end
  vim.lsp.buf_attach_client(buf, client_id)

  local function codes_present()
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code ~= nil then seen[tostring(d.code)] = true end
    end
    for _, code in ipairs(expected) do
      if not seen[code] then return false end
    end
    return true
  end

  local started = vim.loop.hrtime()
  local arrived = vim.wait(timeout, function() return exited ~= nil or codes_present() end, 50)
  local elapsed_ms = (vim.loop.hrtime() - started) / 1e6

  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(diagnostics, {
      code = d.code ~= nil and tostring(d.code) or vim.NIL,
      source = d.source or vim.NIL,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  local client = vim.lsp.get_client_by_id(client_id)
  write_result({
    arrived = arrived and exited == nil,
    server_exited = exited or vim.NIL,
    elapsed_ms = elapsed_ms,
    file = vim.api.nvim_buf_get_name(buf),
    filetype = vim.bo[buf].filetype,
    server_name = client and client.server_info and client.server_info.name or vim.NIL,
    diagnostics = diagnostics,
  })
  if client then client.stop() end
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then write_result({ error = tostring(err) }) end
    vim.cmd('qa!')
  end,
})
