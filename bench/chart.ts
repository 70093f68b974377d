// An SVG line chart of time against file size, both on log scales (a straight line of slope 1 is linear
// growth; steeper is worse). Plain SVG text: no plotting dependency.

export interface Series {
  name: string;
  color: string;
  /** Dashed for whole-process (CLI) times, solid for in-process analysis. */
  dashed?: boolean;
  points: Array<{ x: number; y: number }>;
}

const WIDTH = 760;
const HEIGHT = 440;
const MARGIN = { left: 70, right: 230, top: 40, bottom: 56 };

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function decades(min: number, max: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) out.push(10 ** e);
  return out;
}

function label(value: number, unit: string): string {
  if (unit === 'ms' && value >= 1000) return `${(value / 1000).toLocaleString('en-US')} s`;
  return `${value.toLocaleString('en-US')} ${unit}`.trim();
}

export function lineChart(title: string, xUnit: string, yUnit: string, series: readonly Series[]): string {
  const points = series.flatMap((s) => s.points).filter((p) => p.x > 0 && p.y > 0);
  const xTicks = decades(Math.min(...points.map((p) => p.x)), Math.max(...points.map((p) => p.x)));
  const yTicks = decades(Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y)));
  const [x0, x1] = [Math.log10(xTicks[0] ?? 1), Math.log10(xTicks[xTicks.length - 1] ?? 10)];
  const [y0, y1] = [Math.log10(yTicks[0] ?? 1), Math.log10(yTicks[yTicks.length - 1] ?? 10)];
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const px = (x: number) => MARGIN.left + ((Math.log10(x) - x0) / (x1 - x0 || 1)) * plotW;
  const py = (y: number) => MARGIN.top + plotH - ((Math.log10(y) - y0) / (y1 - y0 || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="12">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="white"/>`,
    `<text x="${MARGIN.left}" y="24" font-size="15" font-weight="bold">${escape(title)}</text>`,
  ];
  for (const x of xTicks) {
    out.push(
      `<line x1="${px(x)}" y1="${MARGIN.top}" x2="${px(x)}" y2="${MARGIN.top + plotH}" stroke="#e3e3e3"/>`,
      `<text x="${px(x)}" y="${MARGIN.top + plotH + 18}" text-anchor="middle">${escape(label(x, ''))}</text>`,
    );
  }
  for (const y of yTicks) {
    out.push(
      `<line x1="${MARGIN.left}" y1="${py(y)}" x2="${MARGIN.left + plotW}" y2="${py(y)}" stroke="#e3e3e3"/>`,
      `<text x="${MARGIN.left - 8}" y="${py(y) + 4}" text-anchor="end">${escape(label(y, yUnit))}</text>`,
    );
  }
  out.push(
    `<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 14}" text-anchor="middle">${escape(xUnit)} (log scale)</text>`,
  );
  series.forEach((s, index) => {
    const visible = s.points.filter((p) => p.x > 0 && p.y > 0);
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const path = visible
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`)
      .join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`);
    for (const p of visible)
      out.push(`<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${s.color}"/>`);
    const ly = MARGIN.top + 10 + index * 22;
    const lx = MARGIN.left + plotW + 16;
    out.push(
      `<line x1="${lx}" y1="${ly}" x2="${lx + 26}" y2="${ly}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${lx + 32}" y="${ly + 4}">${escape(s.name)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
