/**
 * The server in a client nobody here wrote: Debian's Neovim (0.7), headless, configured with README's
 * Neovim 0.7 block (taken from README.md, so the documented configuration is the tested one). Neovim starts
 * `node dist/server.js --stdio`, receives diagnostics and answers a code-action request; a Lua script writes
 * what it received as JSON for the assertions here.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

const ROOT = join(__dirname, '..', '..');
const NVIM = '/usr/bin/nvim';

const DOCKERFILE = `FROM debian:bookworm
RUN rm -f /etc/apt/apt.conf.d/docker-clean
RUN --mount=type=cache,target=/var/cache/apt,sharing=lockd \\
    apt-get update && apt-get install -y curl
`;

/** README's Lua block for Neovim 0.7, pointed at this checkout. */
function readmeConfig(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('Neovim 0.7'));
  const block = /```lua\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(block, 'README has no Lua block for Neovim 0.7');
  assert.ok(block.includes('/path/to/cachemount'), 'README block no longer names /path/to/cachemount');
  return block.replaceAll('/path/to/cachemount', ROOT);
}

/** Waits for cachemount's diagnostics, asks for code actions at the first one, writes both as JSON. */
const PROBE = (out: string): string => `
local function finish(result)
  local file = io.open(${JSON.stringify(out)}, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qall!')
end
vim.defer_fn(function()
  local ok = vim.wait(20000, function()
    return #vim.diagnostic.get(0) >= 1
  end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    table.insert(diagnostics, { lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      message = d.message, source = d.source, code = d.user_data and d.user_data.lsp and d.user_data.lsp.code })
  end
  local titles = {}
  if ok then
    -- What :lua vim.lsp.buf.code_action() sends in 0.7: the cursor's range and its line's diagnostics.
    vim.api.nvim_win_set_cursor(0, { 3, 53 })
    local params = vim.lsp.util.make_range_params()
    params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics() }
    local responses = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000) or {}
    for _, response in pairs(responses) do
      for _, action in ipairs(response.result or {}) do table.insert(titles, action.title) end
    end
  end
  finish({ waited = ok, diagnostics = diagnostics, actions = titles, clients = #vim.lsp.buf_get_clients(0) })
end, 10)
`;

describe(
  'the server in headless Neovim',
  { skip: !existsSync(NVIM) && 'nvim is not installed (bash test/editor/setup.sh installs it)' },
  () => {
    const temp = mkdtempSync(join(tmpdir(), 'cachemount-neovim-'));
    after(() => rmSync(temp, { recursive: true, force: true }));

    it("receives diagnostics and quick fixes with README's configuration", () => {
      const dockerfile = join(temp, 'Dockerfile');
      const init = join(temp, 'init.lua');
      const out = join(temp, 'result.json');
      writeFileSync(dockerfile, DOCKERFILE);
      writeFileSync(init, `${readmeConfig()}\n${PROBE(out)}`);
      const run = spawnSync(NVIM, ['--headless', '-n', '-i', 'NONE', '-u', init, dockerfile], {
        cwd: temp,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, XDG_STATE_HOME: temp, XDG_DATA_HOME: temp, XDG_CONFIG_HOME: temp },
      });
      assert.ok(
        existsSync(out),
        `Neovim wrote no result (exit ${run.status}):\n${run.stdout}\n${run.stderr}`,
      );
      const result = JSON.parse(readFileSync(out, 'utf8')) as {
        waited: boolean;
        clients: number;
        diagnostics: Array<{
          lnum: number;
          col: number;
          end_col: number;
          message: string;
          source: string;
          code: string;
        }>;
        actions: string[];
      };
      assert.equal(result.clients, 1, 'the cachemount client is not attached');
      assert.equal(result.waited, true, `no diagnostics within 20 s: ${JSON.stringify(result)}`);
      const syntax = result.diagnostics.find((d) => d.code === 'mount-syntax');
      assert.ok(syntax, JSON.stringify(result.diagnostics));
      assert.equal(syntax.source, 'cachemount');
      assert.deepEqual([syntax.lnum, syntax.col, syntax.end_col], [2, 53, 58]);
      assert.ok(result.diagnostics.every((d) => d.source === 'cachemount'));
      assert.ok(result.actions.includes('Change to locked'), JSON.stringify(result.actions));
    });
  },
);
