import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { format } from 'prettier';
import { RULE_METAS as RULES } from '../../server/src/analysis/rules/registry';
import { renderConfigSchema, renderPackageJson } from '../../scripts/settingsSchema';
import { renderToolsDoc } from '../../scripts/toolsDoc';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

describe('documentation stays true', () => {
  it('has a section in docs/rules.md for every rule, which the diagnostics link to', () => {
    const rules = read('docs/rules.md');
    for (const rule of RULES) {
      assert.match(rules, new RegExp(`^## ${rule.id}$`, 'm'), `docs/rules.md has no section "## ${rule.id}"`);
      assert.match(
        rules,
        new RegExp(`\\| \\[\`${rule.id}\`\\]\\(#${rule.id}\\) +\\| ${rule.severity} +\\|`),
        `summary row for ${rule.id}`,
      );
    }
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
});
