import fc from 'fast-check';

/**
 * fast-check arbitraries for Dockerfiles: well-formed files built from the pieces the rules look at (mounts of
 * every type, tool caches, ids with variables, quotes, continuations, heredocs, suppressions, several stages),
 * and the same files mutated into anything (CRLF, BOM, Unicode, long lines, control characters, cut or
 * duplicated pieces). Shared by the fuzz test and the long run (`npm run fuzz`).
 */

const IMAGES = [
  'debian',
  'ubuntu:24.04',
  'python:3.12-slim',
  'node:22',
  'rust:1.83',
  'golang:1.23',
  'alpine',
  'maven:3',
  'scratch',
  '${BASE}',
  'docker.io/library/rust@sha256:abc',
];
const TARGETS = [
  '/var/cache/apt',
  '/var/lib/apt',
  '/var/lib/apt/lists',
  '/root/.cache/pip',
  '/root/.npm',
  '/usr/local/cargo/registry',
  '$CARGO_HOME/git',
  '/app/target',
  'target',
  '/go/pkg/mod',
  '/root/.cache/go-build',
  '/root/.m2',
  '~/.cache',
  '/tmp',
  '/app/node_modules',
  '/home/app/.cache/pip',
  '${HOME}/.cache',
  '/',
  '',
];
const VARIABLES = ['TARGETPLATFORM', 'TARGETARCH', 'BUILDPLATFORM', 'HOME', 'X', 'CARGO_HOME', 'a', '1'];
const COMMANDS = [
  'apt-get update && apt-get install -y curl',
  'apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*',
  'rm -f /etc/apt/apt.conf.d/docker-clean',
  'pip install -r requirements.txt',
  'pip install --no-cache-dir flask',
  'PIP_NO_CACHE_DIR=1 pip install x',
  'npm ci && npm cache clean --force',
  'cargo build --release && cp target/release/app /usr/local/bin/',
  'go build ./... && go clean -modcache',
  'mvn -B package',
  'useradd -u 1001 app',
  "sh -c 'apt-get update; apt-get install -y x'",
  'yarn install --frozen-lockfile',
  'make',
  'echo "a \\"quoted\\" word" > /tmp/x',
  'cd /app && ls target/release/*',
  'true',
];

const word = fc.constantFrom('a', 'x', 'cache', 'apt', 'go', 'é', '日本', '😀', '-', '_', '1');

/** `$X`, `${X}`, `${X:-default}`, nested defaults, and broken references. */
const variable: fc.Arbitrary<string> = fc.letrec<{ ref: string }>((tie) => ({
  ref: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...VARIABLES).map((v) => `$${v}`),
    fc.constantFrom(...VARIABLES).map((v) => `\${${v}}`),
    fc
      .tuple(fc.constantFrom(...VARIABLES), fc.constantFrom(':-', '-', ':+', '+', '#', '%', '/'), tie('ref'))
      .map(([v, op, inner]) => `\${${v}${op}${inner}}`),
    fc.constantFrom('${', '$', '${X', '${:-}', '$$'),
  ),
})).ref;

const value = fc
  .array(fc.oneof(word, variable, fc.constantFrom(...TARGETS)), { minLength: 0, maxLength: 3 })
  .map((parts) => parts.join(''));

const MOUNT_KEYS = [
  'type',
  'target',
  'dst',
  'destination',
  'id',
  'sharing',
  'uid',
  'gid',
  'mode',
  'from',
  'source',
  'src',
  'readonly',
  'ro',
  'rw',
  'required',
  'size',
  'env',
  'tagret',
];
const MOUNT_VALUES: Record<string, readonly string[]> = {
  type: ['cache', 'bind', 'tmpfs', 'secret', 'ssh', 'cahce', 'CACHE', ''],
  sharing: ['shared', 'locked', 'private', 'lockd', ''],
  uid: ['0', '1001', 'x', '-1'],
  gid: ['0', '1001', '99999999999999999999'],
  mode: ['0755', '755', '0o755', '9'],
  readonly: ['true', 'false', 'maybe'],
  size: ['64m', '1.5GiB', 'x'],
};

const option = fc
  .tuple(fc.constantFrom(...MOUNT_KEYS), fc.boolean(), fc.option(value, { nil: undefined }))
  .chain(([key, bare, free]) => {
    const known = MOUNT_VALUES[key];
    const values: fc.Arbitrary<string> =
      key === 'target' || key === 'dst' || key === 'destination'
        ? fc.constantFrom(...TARGETS)
        : known
          ? fc.constantFrom(...known)
          : fc.constant(free ?? 'x');
    return bare && key !== 'type' ? fc.constant(key) : values.map((v) => `${key}=${v}`);
  });

/** A mount value, its fields sometimes quoted, split by continuations, or left with stray commas. */
const mount = fc
  .tuple(
    fc.constantFrom('type=cache', 'type=bind', 'type=tmpfs', 'type=secret', ''),
    fc.array(option, { minLength: 0, maxLength: 5 }),
    fc.constantFrom('', '"', "'"),
    fc.constantFrom('', ',', ',,'),
  )
  .map(([type, options, quote, trailing]) => {
    const fields = type ? [type, ...options] : options;
    return `--mount=${quote}${fields.join(',')}${trailing}${quote}`;
  });

const flags = fc
  .array(
    fc.oneof({ weight: 5, arbitrary: mount }, fc.constantFrom('--network=none', '--security=insecure')),
    {
      minLength: 0,
      maxLength: 4,
    },
  )
  .map((list) => list.join(' '));

const command = fc
  .array(fc.constantFrom(...COMMANDS), { minLength: 1, maxLength: 3 })
  .chain((parts) => fc.constantFrom(' && ', ' ; ', ' || ', ' && \\\n    ').map((glue) => parts.join(glue)));

const run = fc
  .tuple(flags, command, fc.constantFrom('shell', 'exec', 'heredoc', 'split'))
  .map(([flagText, script, form]) => {
    switch (form) {
      case 'exec':
        return `RUN ${flagText} ["sh", "-c", ${JSON.stringify(script)}]`;
      case 'heredoc':
        return `RUN ${flagText} <<EOF\n${script.replace(/\\\n/g, '\n')}\nEOF`;
      case 'split':
        // A continuation between the flags and the command, and inside a flag's value.
        return `RUN ${flagText.replace(/,/, ',\\\n  ')} \\\n  ${script}`;
      default:
        return `RUN ${flagText} ${script}`;
    }
  });

const from = fc
  .tuple(
    fc.constantFrom(...IMAGES),
    fc.option(fc.constantFrom('build', 'base', 'app', 'Build'), { nil: undefined }),
    fc.constantFrom('', '--platform=$BUILDPLATFORM ', '--platform=linux/amd64 '),
  )
  .map(([image, name, platform]) => `FROM ${platform}${image}${name ? ` AS ${name}` : ''}`);

const instruction = fc.oneof(
  { weight: 6, arbitrary: run },
  { weight: 2, arbitrary: from },
  fc
    .tuple(fc.constantFrom(...VARIABLES, 'BASE'), fc.option(value, { nil: undefined }))
    .map(([n, v]) => (v === undefined ? `ARG ${n}` : `ARG ${n}=${v}`)),
  fc.tuple(fc.constantFrom(...VARIABLES, 'PIP_CACHE_DIR'), value).map(([n, v]) => `ENV ${n}=${v}`),
  fc.constantFrom('/app', 'src', '$HOME', '/').map((d) => `WORKDIR ${d}`),
  fc.constantFrom('root', 'app', '1001:1001', '$USER').map((u) => `USER ${u}`),
  fc.constantFrom('COPY --from=build /app/target/release/app /usr/local/bin/', 'COPY . .'),
  fc.constantFrom('CMD ["node", "server.js"]', 'ENTRYPOINT ["/app/target/release/app"]'),
  fc.constantFrom(
    '# a comment',
    '# cachemount-ignore',
    '# cachemount-ignore sharing-locked-required -- reason',
    '# cachemount-ignore-file cache-cleaned,nope',
    '',
  ),
);

const header = fc.constantFrom(
  '',
  '# syntax=docker/dockerfile:1\n',
  '# syntax=docker/dockerfile:1.0\n',
  '# escape=`\n',
  '# syntax=docker/dockerfile:1.2\n# escape=\\\n',
);

/** A Dockerfile made of the pieces the rules read; not always valid, always plausible. */
export const dockerfile: fc.Arbitrary<string> = fc
  .tuple(header, from, fc.array(instruction, { minLength: 0, maxLength: 12 }))
  .map(([head, first, rest]) => `${head}${[first, ...rest].join('\n')}\n`);

/** One change to a text: what fuzzing by hand would try. */
export const mutation: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.constant((t: string) => t.replace(/\r?\n/g, '\r\n')),
  fc.constant((t: string) => `\ufeff${t}`),
  fc.constant((t: string) => t.replace(/\n/g, '')),
  fc.constant((t: string) => t.replace(/\\\n/g, '`\n')),
  fc.tuple(fc.nat(), fc.string({ unit: 'binary', maxLength: 8 })).map(
    ([at, noise]) =>
      (t: string) =>
        insertAt(t, at, noise),
  ),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('\\', '"', "'", ',', '=', '$', '{', '}', '\n', '\r', '#', '<<', '`', '\0'),
    )
    .map(
      ([at, piece]) =>
        (t: string) =>
          insertAt(t, at, piece),
    ),
  fc.tuple(fc.nat(), fc.nat({ max: 40 })).map(([at, length]) => (t: string) => {
    const start = at % (t.length + 1);
    return t.slice(0, start) + t.slice(start + length);
  }),
  fc.tuple(fc.nat(), fc.nat({ max: 60 })).map(([at, length]) => (t: string) => {
    const start = at % (t.length + 1);
    return insertAt(t, start, t.slice(start, start + length));
  }),
  fc.tuple(fc.nat(), fc.integer({ min: 1_000, max: 20_000 }), fc.constantFrom('a', ' ', ',', '\\', '$')).map(
    ([at, length, unit]) =>
      (t: string) =>
        insertAt(t, at, unit.repeat(length)),
  ),
);

/**
 * One edit an author makes to a multi-stage file: a whole line typed at the start of a line, a stage among
 * them, or a line that makes the one before continue (a trailing escape, an open heredoc).
 */
export const lineEdit: fc.Arbitrary<(text: string) => string> = fc
  .tuple(
    fc.nat(),
    fc.constantFrom(
      'FROM alpine AS extra\n',
      '  from debian\n',
      'RUN echo \\\n',
      'RUN echo `\n',
      'RUN <<EOF\n',
      'EOF\n',
      'COPY <<EOF /x\n',
      '# a comment\n',
      '\n',
      'ARG TARGETPLATFORM\n',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install x\n',
    ),
  )
  .map(([at, line]) => (t: string) => {
    const starts = [0];
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1);
    const start = starts[at % starts.length] ?? 0;
    return t.slice(0, start) + line + t.slice(start);
  });

function insertAt(text: string, at: number, piece: string): string {
  const index = at % (text.length + 1);
  return text.slice(0, index) + piece + text.slice(index);
}

/** A generated Dockerfile with up to four mutations, or random text outright. */
export const mutatedDockerfile: fc.Arbitrary<string> = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(dockerfile, fc.array(mutation, { maxLength: 4 })) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.string({ unit: 'binary', maxLength: 400 }), fc.constant([])),
    },
  )
  .map(([text, mutations]) => mutations.reduce((t, mutate) => mutate(t), text));
