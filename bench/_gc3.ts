import { analyze } from '../server/src/analysis/analyze';
import { AnalysisReuse } from '../server/src/analysis/reuse';
import { generateDockerfile } from './generate';
const text = generateDockerfile(1000);
const spots: number[] = [];
for (let i = text.indexOf('type=cache,target=/'); i !== -1; i = text.indexOf('type=cache,target=/', i + 1)) spots.push(i + 19);
const reuse = new AnalysisReuse();
analyze(text, { reuse, projectName: 'p' });
const taken: number[] = [], checked: number[] = [], times: number[] = [];
for (let i = 0; i < 200; i++) {
  const at = spots[Math.floor(i / 2) % spots.length]!;
  const t = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text;
  const t0 = performance.now();
  analyze(t, { reuse, projectName: 'p' });
  times.push(performance.now() - t0);
  taken.push(reuse.model.last.stagesReused); checked.push(reuse.last.stagesChecked);
}
console.log('stages', reuse.model.previous?.stages.length, 'taken over', taken.slice(100, 130).join(' '));
console.log('checked', checked.slice(100, 130).join(' '));
console.log('ms', times.slice(100, 130).map((t) => t.toFixed(1)).join(' '));
