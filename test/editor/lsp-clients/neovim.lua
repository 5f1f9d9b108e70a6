-- Headless Neovim (0.7+) as an independent LSP client of the ZenML Projects language server, the
-- way a Neovim user's config attaches it (vim.lsp.start_client + buf_attach_client; 0.8+ users
-- write vim.lsp.start with the same fields). On the file given on the command line it:
--   1. waits for the expected diagnostic codes (Neovim's own diagnostic API),
--   2. asks for hover and go-to-definition on a custom role,
--   3. applies the quick fix "Change role to 'admin'" with Neovim's workspace-edit code,
--   4. completes a whole member entry at the last line and applies the item as a completion
--      plugin does (its textEdit),
-- then writes what it saw as JSON and quits. test/editor/lsp-clients/run.ts judges it.
--   ZENML_LSP_COMMAND  the server's command line, a JSON array
--   ZENML_LSP_ROOT     the workspace root to report to the server
--   ZENML_LSP_EXPECT   comma-separated diagnostic codes to wait for
--   ZENML_LSP_OUT      where to write the JSON result
--   ZENML_LSP_TIMEOUT  milliseconds to wait for each answer
vim.cmd('filetype on')

local function write_result(result)
  local f = assert(io.open(vim.env.ZENML_LSP_OUT, 'w'))
  f:write(vim.fn.json_encode(result))
  f:close()
end

local function first_result(responses)
  for _, r in pairs(responses or {}) do
    if r.result ~= nil then return r.result end
  end
  return nil
end

local function run()
  local buf = vim.api.nvim_get_current_buf()
  if vim.bo[buf].filetype == '' then vim.bo[buf].filetype = 'yaml' end
  local expected = vim.split(vim.env.ZENML_LSP_EXPECT or '', ',', { trimempty = true })
  local timeout = tonumber(vim.env.ZENML_LSP_TIMEOUT or '60000')
  local exited = nil

  local client_id = vim.lsp.start_client({
    name = 'zenml-projects',
    cmd = vim.fn.json_decode(vim.env.ZENML_LSP_COMMAND),
    root_dir = vim.env.ZENML_LSP_ROOT,
    on_exit = function(code, signal) exited = { code = code, signal = signal } end,
  })
  if not client_id then
    write_result({ error = 'vim.lsp.start_client did not start the server' })
    return
  end
  vim.lsp.buf_attach_client(buf, client_id)
  local client = vim.lsp.get_client_by_id(client_id)

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
  local arrived = vim.wait(timeout, function() return exited ~= nil or codes_present() end, 50)

  local result = { arrived = arrived and exited == nil, server_exited = exited or vim.NIL, diagnostics = {} }
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(result.diagnostics, {
      code = d.code ~= nil and tostring(d.code) or vim.NIL,
      source = d.source or vim.NIL,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
    })
  end
  if not result.arrived then
    write_result(result)
    return
  end

  local uri = vim.uri_from_bufnr(buf)
  local function at(line, character)
    return { textDocument = { uri = uri }, position = { line = line, character = character } }
  end
  local role_line = tonumber(vim.env.ZENML_LSP_ROLE_LINE)
  local role_col = tonumber(vim.env.ZENML_LSP_ROLE_COL)

  -- Hover and definition on the custom role a member holds.
  local hover = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/hover', at(role_line, role_col), timeout))
  result.hover = hover and hover.contents or vim.NIL
  local definition = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/definition', at(role_line, role_col), timeout))
  if definition and definition[1] then result.definition = definition[1] elseif definition then result.definition = definition end

  -- The quick fix, asked for as `vim.lsp.buf.code_action()` asks: the line's diagnostics in LSP form.
  local fix_line = nil
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if tostring(d.code) == 'unknown-role' then fix_line = d.lnum end
  end
  if fix_line then
    local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, fix_line)
    local params = { textDocument = { uri = uri }, range = { start = { line = fix_line, character = 0 }, ['end'] = { line = fix_line + 1, character = 0 } }, context = { diagnostics = lsp_diagnostics } }
    local actions = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, timeout)) or {}
    result.actions = {}
    for _, a in ipairs(actions) do
      table.insert(result.actions, a.title)
      if a.title == "Change role to 'admin'" and a.edit then vim.lsp.util.apply_workspace_edit(a.edit, client.offset_encoding) end
    end
  end

  -- Completion of a whole member entry on the last line, applied as a completion plugin does.
  local last = vim.api.nvim_buf_line_count(buf) - 1
  local line_text = vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1] or ''
  local completion = first_result(vim.lsp.buf_request_sync(buf, 'textDocument/completion', at(last, #line_text), timeout))
  local items = completion and (completion.items or completion) or {}
  result.completion_labels = {}
  for _, item in ipairs(items) do
    table.insert(result.completion_labels, item.label)
    if item.label == 'user member' then
      result.completion_format = item.insertTextFormat or vim.NIL
      vim.lsp.util.apply_text_edits({ item.textEdit }, buf, client.offset_encoding)
    end
  end

  result.text = table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
  -- Neovim 0.7 keeps no serverInfo; 0.8+ does.
  result.server_name = client and client.server_info and client.server_info.name or vim.NIL
  write_result(result)
  client.stop()
end

vim.api.nvim_create_autocmd('VimEnter', {
  callback = function()
    local ok, err = pcall(run)
    if not ok then write_result({ error = tostring(err) }) end
    vim.cmd('qa!')
  end,
})
