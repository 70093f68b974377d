// Deterministic Dockerfiles of a given length with the mix a real multi-stage file has: stages built FROM
// images and FROM earlier stages, ARG and ENV, WORKDIR and USER, RUNs with cache mounts for many tools
// (some right, some with the mistakes cachemount reports), COPY --from, comments and continuation lines.
// The same seed gives the same text, so every tool and every run measures the same bytes.

/** A small seeded generator (mulberry32): the files must not change between runs or machines. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pick = <T>(items: readonly T[]) => T;

interface Toolchain {
  image: string;
  /** RUN bodies; `$S` is replaced by the stage's name, for ids. */
  runs: readonly string[][];
}

const TOOLCHAINS: readonly Toolchain[] = [
  {
    image: 'debian:bookworm',
    runs: [
      [
        'RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\',
        '    --mount=type=cache,target=/var/lib/apt,sharing=locked \\',
        '    apt-get update && apt-get install -y --no-install-recommends curl ca-certificates',
      ],
      [
        'RUN --mount=type=cache,target=/var/cache/apt \\',
        '    apt-get update && apt-get install -y build-essential \\',
        '    && rm -rf /var/lib/apt/lists/*',
      ],
    ],
  },
  {
    image: 'python:3.12-slim',
    runs: [
      ['RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt'],
      [
        'RUN --mount=type=cache,target=/root/.cache/pip,sharing=locked \\',
        '    pip install --no-cache-dir .',
      ],
      ['RUN --mount=type=cache,target=/root/.cache/uv,id=uv-$S uv sync --frozen'],
    ],
  },
  {
    image: 'node:20-bookworm',
    runs: [
      ['RUN --mount=type=cache,target=/root/.npm npm ci'],
      ['RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile'],
      ['RUN --mount=type=cache,target=/app/node_modules,id=modules-${TARGETPLATFORM} npm run build'],
    ],
  },
  {
    image: 'golang:1.23',
    runs: [
      [
        'RUN --mount=type=cache,target=/go/pkg/mod \\',
        '    --mount=type=cache,target=/root/.cache/go-build \\',
        '    go build -o /out/app ./cmd/app',
      ],
      ['RUN --mount=type=cache,target=/go/pkg/mod,sharing=locked go mod download'],
    ],
  },
  {
    image: 'rust:1.83',
    runs: [
      [
        'RUN --mount=type=cache,target=/usr/local/cargo/registry \\',
        '    --mount=type=cache,target=/src/target,id=target-$S-${TARGETARCH} \\',
        '    cargo build --release && cp target/release/app /usr/local/bin/app',
      ],
      ['RUN --mount=type=cache,target=$CARGO_HOME/git,sharing=lockd cargo fetch'],
    ],
  },
  {
    image: 'maven:3.9-eclipse-temurin-21',
    runs: [
      ['RUN --mount=type=cache,target=/root/.m2/repository mvn -B package -DskipTests'],
      ['RUN --mount=type=cache,target=/root/.m2,sharing=locked mvn -B dependency:go-offline'],
    ],
  },
];

const PLAIN_RUNS: readonly string[] = [
  'RUN echo "building $VERSION" > /etc/build-info',
  'RUN useradd --create-home --uid 1000 app',
  'RUN mkdir -p /out && chmod 755 /out',
  'RUN --mount=type=bind,source=.,target=/ctx cp /ctx/config.yaml /etc/app/',
  'RUN --mount=type=tmpfs,target=/tmp make -C /src check',
  'RUN --mount=type=secret,id=token,env=TOKEN ./fetch-private-deps.sh',
  'RUN rm -f /etc/apt/apt.conf.d/docker-clean',
  'RUN ls /go/pkg/mod/cache/download && ./scripts/check.sh',
];

function stage(
  index: number,
  pick: Pick,
  chance: (p: number) => boolean,
  previous: string[],
  chain: boolean,
): string[] {
  const toolchain = pick(TOOLCHAINS);
  const name = `stage${index}`;
  const lines: string[] = [];
  if (chance(0.5)) lines.push(`# Stage ${index}: ${toolchain.image.split(':')[0] ?? ''} build`);
  const parent = chain
    ? previous[previous.length - 1]
    : previous.length > 0 && chance(0.3)
      ? pick(previous)
      : undefined;
  const platform = chance(0.3) ? '--platform=$BUILDPLATFORM ' : '';
  lines.push(`FROM ${platform}${parent ?? toolchain.image} AS ${name}`);
  if (chance(0.6)) lines.push('ARG TARGETARCH');
  if (chance(0.5)) lines.push('ARG VERSION=1.0.0');
  if (chance(0.5)) lines.push(`ENV APP_HOME=/srv/${name} PATH=/usr/local/bin:$PATH`);
  lines.push(`WORKDIR ${chance(0.5) ? '/src' : `/srv/${name}`}`);
  if (chance(0.5)) lines.push('COPY . .');
  const runs = 2 + Math.floor(pick([0, 1, 2, 3]));
  for (let r = 0; r < runs; r++) {
    if (chance(0.05)) lines.push('# cachemount-ignore sharing-locked-required -- one build at a time here');
    if (chance(0.25)) lines.push(pick(PLAIN_RUNS));
    else lines.push(...pick(toolchain.runs).map((line) => line.replaceAll('$S', name)));
  }
  if (chance(0.2)) lines.push(pick(['USER 1000', 'USER app']));
  if (previous.length > 0 && chance(0.5)) lines.push(`COPY --from=${pick(previous)} /out /opt/${name}`);
  if (previous.length > 0 && chance(0.2))
    lines.push(`COPY --from=${pick(previous)} /src/target/release/app /bin/`);
  if (chance(0.3)) lines.push(pick(['CMD ["/usr/local/bin/app"]', 'CMD ["node", "server.js"]']));
  lines.push('');
  return lines;
}

export interface GenerateOptions {
  /** Another seed gives another file of the same mix. */
  seed?: number;
  /** Every stage FROM the one before: one long stage chain, the worst case for work per chain. */
  chain?: boolean;
}

/** A Dockerfile of exactly `lines` lines (the last one ends with a newline). */
export function generateDockerfile(lines: number, options: GenerateOptions = {}): string {
  const next = random(options.seed ?? 1);
  const pick: Pick = (items) => items[Math.floor(next() * items.length)] as (typeof items)[number];
  const chance = (p: number): boolean => next() < p;
  const out: string[] = ['# syntax=docker/dockerfile:1', 'ARG BASE_VERSION=1', ''];
  const names: string[] = [];
  for (let index = 0; out.length < lines; index++) {
    out.push(...stage(index, pick, chance, names, options.chain === true));
    names.push(`stage${index}`);
  }
  // Cut at the requested length; a cut inside a continuation leaves a complete (if shorter) last RUN.
  const kept = out.slice(0, lines);
  const last = kept.length - 1;
  if (kept[last]?.endsWith('\\')) kept[last] = (kept[last] ?? '').slice(0, -1).trimEnd();
  return kept.join('\n') + '\n';
}
