import { PerformanceObserver } from 'node:perf_hooks';
import { analyze } from '../server/src/analysis/analyze';
import { AnalysisReuse } from '../server/src/analysis/reuse';
import { toDiagnostic } from '../server/src/service/diagnostics';
import { generateDockerfile } from './generate';
let n = 0, total = 0;
new PerformanceObserver((list) => { for (const e of list.getEntries()) { n++; total += e.duration; } }).observe({ entryTypes: ['gc'] });
const text = generateDockerfile(1000);
const spots: number[] = [];
for (let i = text.indexOf('type=cache,target=/'); i !== -1; i = text.indexOf('type=cache,target=/', i + 1)) spots.push(i + 19);
const reuse = new AnalysisReuse();
const mode = process.argv[2];
analyze(text, { reuse, projectName: 'p' });
setTimeout(() => {
  n = 0; total = 0;
  const t0 = performance.now();
  for (let i = 0; i < 600; i++) {
    const at = spots[Math.floor(i / 2) % spots.length]!;
    const t = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text;
    const r = analyze(t, { reuse, projectName: 'p' });
    if (mode === 'json') JSON.stringify(r.findings.map((f) => toDiagnostic(f, 'file:///x', 1)));
  }
  const wall = performance.now() - t0;
  setTimeout(() => console.log(mode ?? 'analysis', 'per edit ms', (wall / 600).toFixed(2), 'gc events', n, 'gc ms per edit', (total / 600).toFixed(2)), 100);
}, 100);
