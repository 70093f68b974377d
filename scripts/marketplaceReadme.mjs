// Writes dist/marketplace/README.md, the .vsix's README (its Marketplace page): README.md without the
// "From source" section, which is for people working on cachemount, not for its users.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const start = readme.indexOf('\n## From source\n');
if (start === -1) throw new Error('README.md has no "## From source" section');
const next = readme.indexOf('\n## ', start + 1);
const page = readme.slice(0, start) + (next === -1 ? '\n' : readme.slice(next));
mkdirSync(new URL('../dist/marketplace/', import.meta.url), { recursive: true });
writeFileSync(new URL('../dist/marketplace/README.md', import.meta.url), page);
