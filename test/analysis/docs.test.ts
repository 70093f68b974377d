import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format, resolveConfig } from 'prettier';
import { RULE_METAS as RULES } from '../../server/src/analysis/rules/registry';
import { renderConfigSchema, renderPackageJson } from '../../scripts/settingsSchema';
import { renderToolsDoc } from '../../scripts/toolsDoc';
import { renderRulesDocs } from '../../scripts/rulesDoc';
import { renderRulesWhy } from '../../scripts/rulesWhy';
import { renderRulesIndex } from '../../scripts/rulesIndex';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** `text` as `npm run docs` writes it to `path`: formatted with the project's Prettier settings. */
async function formatted(path: string, text: string): Promise<string> {
  const file = join(ROOT, path);
  return format(text, { ...(await resolveConfig(file)), filepath: file });
}

describe('documentation stays true', () => {
  it('has a section in docs/rules.md for every rule, which the diagnostics link to', () => {
    const rules = read('docs/rules.md');
    for (const rule of RULES) {
      assert.match(rules, new RegExp(`^## ${rule.id}$`, 'm'), `docs/rules.md has no section "## ${rule.id}"`);
    }
  });

  it('has the rules tables of README.md and docs/rules.md generated from the rules (run `npm run docs`)', async () => {
    const readme = read('README.md');
    const rules = read('docs/rules.md');
    const rendered = renderRulesDocs(readme, rules);
    assert.equal(readme, await formatted('README.md', rendered.readme), 'README.md');
    assert.equal(rules, await formatted('docs/rules.md', rendered.rulesDoc), 'docs/rules.md');
  });

  it("has each rule's why generated from docs/rules.md (run `npm run docs`)", async () => {
    const why = read('server/src/analysis/rules/why.generated.ts');
    assert.equal(
      why,
      await formatted('server/src/analysis/rules/why.generated.ts', renderRulesWhy(read('docs/rules.md'))),
    );
  });

  it('has the rules index generated from the rule files (run `npm run docs`)', async () => {
    const index = read('server/src/analysis/rules/all.generated.ts');
    assert.equal(index, await formatted('server/src/analysis/rules/all.generated.ts', renderRulesIndex()));
  });

  it('lists every rule in the README and the CHANGELOG', () => {
    const readme = read('README.md');
    const changelog = read('CHANGELOG.md');
    for (const rule of RULES) {
      assert.ok(readme.includes(`\`${rule.id}\``), `README lists ${rule.id}`);
      assert.ok(changelog.includes(`\`${rule.id}\``), `CHANGELOG mentions ${rule.id}`);
    }
  });

  it('has docs/tools.md generated from the knowledge base (run `npm run docs`)', async () => {
    const expected = await format(renderToolsDoc(), {
      parser: 'markdown',
      singleQuote: true,
      printWidth: 110,
    });
    assert.equal(read('docs/tools.md'), expected);
  });

  it('has the .cachemount.json schema and VS Code settings generated from the rules (run `npm run docs`)', async () => {
    const schema = await format(renderConfigSchema(), { parser: 'json', printWidth: 110 });
    assert.equal(read('schemas/cachemount.schema.json'), schema);
    const manifest = read('package.json');
    const expected = await format(renderPackageJson(manifest), { parser: 'json-stringify', printWidth: 110 });
    assert.equal(manifest, expected);
  });

  it("names every source file in ARCHITECTURE.md's code map (rule files as `rules/<name>.ts`)", () => {
    const architecture = read('ARCHITECTURE.md');
    const files = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? files(`${dir}/${entry.name}`) : [`${dir}/${entry.name}`],
      );
    const rules = new Set(
      RULES.map((rule) => rule.id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())),
    );
    const unnamed = ['server/src', 'client/src', 'scripts', 'bench']
      .flatMap(files)
      .filter((file) => /\.(ts|mjs)$/.test(file))
      .filter(
        (file) =>
          !(
            file.startsWith('server/src/analysis/rules/') &&
            rules.has(file.split('/').pop()?.replace(/\.ts$/, '') ?? '')
          ),
      )
      .filter(
        (file) =>
          !architecture.includes(file) && !architecture.includes(`\`${file.split('/').pop() ?? ''}\``),
      );
    assert.deepEqual(unnamed, []);
  });
  it('cites no source outside the repository (no ../shared or shared/reference anywhere)', () => {
    const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
      .split('\0')
      .filter((f) => f && !f.endsWith('.png') && f !== 'test/analysis/docs.test.ts');
    const offending = tracked.filter((f) =>
      /\.\.\/shared\/|shared\/reference\//.test(readFileSync(join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(offending, []);
  });
});
