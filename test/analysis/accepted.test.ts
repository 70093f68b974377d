import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/analysis/model/build';
import type { Mount } from '../../server/src/analysis/model/types';
import type { CheckOptions } from './fixture';
import { check, fixtureText, parseFixture } from './fixture';

/**
 * Mounts BuildKit accepts must get no mount-syntax finding. "No finding" alone would also pass if the
 * mounts were not recognised at all, so each case also lists what the model read from every mount, in
 * order: its type, then each option as canonical key and value (after quotes, escapes and variables).
 *
 * BuildKit sources followed: parser/parser.go (continuations, comments, escape directive, BOM, CRLF),
 * parser/split_command.go (quotes and escapes in flags), go-csvvalue (fields), instructions/bflag.go (flags),
 * instructions/commands_runmount.go (keys, aliases, bare words, value syntaxes), go-units/size.go (sizes).
 */
function accepted(source: string, mounts: string[], options: CheckOptions = {}): void {
  check(source, { ...options, rules: ['mount-syntax'] });
  const model = buildModel(fixtureText(parseFixture(source), options));
  assert.deepEqual(model.runs.flatMap((run) => run.mounts).map(summary), mounts);
}

function summary(mount: Mount): string {
  assert.equal(mount.csvError, undefined);
  const options = mount.options.map((o) => {
    const key = o.canonical ?? `?${o.key}`;
    return o.value === undefined ? key : `${key}=${o.expanded?.value ?? o.value.text}`;
  });
  return [mount.effective.type, ...options].join(' ');
}

describe('accepted mounts', () => {
  it('accepts every type with its usual options', () => {
    // instructions/commands_runmount.go: allowedMountTypes and the keys each type takes.
    accepted(
      `
      FROM debian AS deps
      FROM debian
      RUN --mount=type=cache,target=/root/.cache,id=pip,sharing=private,mode=0700,uid=1000,gid=1000 true
      RUN --mount=type=bind,source=go.sum,target=/src/go.sum,from=deps,rw true
      RUN --mount=target=/src true
      RUN --mount=type=tmpfs,target=/tmp,size=64m true
      RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400 true
      RUN --mount=type=secret,id=x true
      RUN --mount=type=secret,id=token,env=TOKEN true
      RUN --mount=type=ssh true
      RUN --mount=type=ssh,id=default,required=false,target=/run/ssh.sock,mode=0600 true
      RUN --mount=type=cache,target=/x,from=deps,source=/cache true
    `,
      [
        'cache type=cache target=/root/.cache id=pip sharing=private mode=0700 uid=1000 gid=1000',
        'bind type=bind source=go.sum target=/src/go.sum from=deps readwrite',
        'bind target=/src',
        'tmpfs type=tmpfs target=/tmp size=64m',
        'secret type=secret id=npmrc target=/root/.npmrc required mode=0400',
        'secret type=secret id=x',
        'secret type=secret id=token env=TOKEN',
        'ssh type=ssh',
        'ssh type=ssh id=default required=false target=/run/ssh.sock mode=0600',
        'cache type=cache target=/x from=deps source=/cache',
      ],
    );
  });

  it('accepts every alias, bare ro and rw, and booleans strconv.ParseBool takes', () => {
    // commands_runmount.go: src, dst, destination, ro, rw, readwrite; bare readonly/ro/readwrite/rw.
    accepted(
      `
      FROM debian
      RUN --mount=type=bind,src=a,dst=/a,ro true
      RUN --mount=type=bind,source=a,destination=/a,readonly true
      RUN --mount=type=bind,target=/a,rw --mount=type=bind,target=/b,readwrite true
      RUN --mount=type=bind,target=/a,readwrite=true,readonly=False,ro=1,rw=F true
    `,
      [
        'bind type=bind source=a target=/a readonly',
        'bind type=bind source=a target=/a readonly',
        'bind type=bind target=/a readwrite',
        'bind type=bind target=/b readwrite',
        'bind type=bind target=/a readwrite=true readonly=False readonly=1 readwrite=F',
      ],
    );
  });

  it('accepts upper-case keys, types and sharing values, and repeated keys', () => {
    // commands_runmount.go: strings.ToLower on keys, type and sharing; a later value replaces an earlier one.
    accepted(
      `
      FROM debian
      RUN --mount=TYPE=CACHE,TARGET=/a,SHARING=Locked,ID=x true
      RUN --mount=Type=Tmpfs,Dst=/t,Size=1G true
      RUN --mount=type=cache,target=/a,target=/b,sharing=shared,sharing=locked true
    `,
      [
        'cache type=CACHE target=/a sharing=Locked id=x',
        'tmpfs type=Tmpfs target=/t size=1G',
        'cache type=cache target=/a target=/b sharing=shared sharing=locked',
      ],
    );
  });

  it('accepts tmpfs sizes go-units parses', () => {
    // vendor/github.com/docker/go-units/size.go (RAMInBytes).
    accepted(
      `
      FROM debian
      RUN --mount=type=tmpfs,target=/t,size=512 --mount=type=tmpfs,target=/u,size=64m true
      RUN --mount=type=tmpfs,target=/t,size=1.5GiB --mount=type=tmpfs,target=/u,size=2Gb true
      RUN --mount=type=tmpfs,target=/t,size=100KB --mount=type=tmpfs,target=/u,size=.5g true
      RUN --mount=type=tmpfs,target=/t,size=1e3 --mount=type=tmpfs,target=/u,size=8b true
      RUN --mount=type=tmpfs,target=/t,size="1.5 GiB" --mount=type=tmpfs,target=/u,size=0 true
    `,
      [
        'tmpfs type=tmpfs target=/t size=512',
        'tmpfs type=tmpfs target=/u size=64m',
        'tmpfs type=tmpfs target=/t size=1.5GiB',
        'tmpfs type=tmpfs target=/u size=2Gb',
        'tmpfs type=tmpfs target=/t size=100KB',
        'tmpfs type=tmpfs target=/u size=.5g',
        'tmpfs type=tmpfs target=/t size=1e3',
        'tmpfs type=tmpfs target=/u size=8b',
        'tmpfs type=tmpfs target=/t size=1.5 GiB',
        'tmpfs type=tmpfs target=/u size=0',
      ],
    );
  });

  it('accepts quotes around a flag, a key or a value, which only group (split_command.go)', () => {
    // parser/split_command.go removes single and double quotes; go-csvvalue then sees a field quoted as a
    // whole ("target=/a,b"), with "" for a literal quote.
    accepted(
      `
      FROM debian
      RUN --mount="type=cache,target=/a b" true
      RUN --mount='type=cache,target=/a' true
      RUN --mount=type=cache,"target"=/x true
      RUN --mount='type=cache,"target=/a,b"' true
      RUN --mount='type=cache,"target=/say ""hi"""' true
      RUN --mount=type=cache,target=/a"b c"d true
    `,
      [
        'cache type=cache target=/a b',
        'cache type=cache target=/a',
        'cache type=cache target=/x',
        'cache type=cache target=/a,b',
        // go-csvvalue turns "" into ", and the expansion (shell/lex.go) then removes the double quotes.
        'cache type=cache target=/say hi',
        'cache type=cache target=/ab cd',
      ],
    );
  });

  it('accepts escaped characters, and values containing "="', () => {
    // parser/split_command.go: the escape character takes the next character literally; parseMount cuts each
    // field at its first "=" (strings.Cut).
    accepted(
      `
      FROM debian
      RUN --mount=type=cache,target=/a\\ b true
      RUN --mount=type=cache,target=/caf\\e,id=a=b true
    `,
      ['cache type=cache target=/a b', 'cache type=cache target=/cafe id=a=b'],
    );
  });

  it('accepts variables in values, expanded with the stage ARG and ENV', () => {
    // dockerfile2llb/convert.go (dispatch) expands every value with shell/lex.go before parseMount checks it;
    // from=stage$ has its "$" last (commands_runmount.go).
    accepted(
      `
      FROM debian AS stage$
      FROM debian
      ARG CACHE=/var/cache/x
      ARG TARGETPLATFORM
      ENV HOME_CACHE=/root/.cache
      ARG KIND=cache
      RUN --mount=type=$KIND,target=$CACHE,id=\${CACHE}-\${TARGETPLATFORM:-none} true
      RUN --mount=type=cache,target=\${HOME_CACHE}/pip,sharing=\${SHARING:-locked} true
      RUN --mount=type=bind,from=stage$,target=/a true
    `,
      [
        'cache type=cache target=/var/cache/x id=/var/cache/x-${TARGETPLATFORM:-none}',
        'cache type=cache target=/root/.cache/pip sharing=${SHARING:-locked}',
        'bind type=bind from=stage$ target=/a',
      ],
    );
  });

  it('accepts several mounts across continuation lines, with comments and blank lines inside', () => {
    // parser/parser.go: comment lines and empty lines inside a continuation are skipped; a continuation line
    // starting in column 0 continues the same word.
    accepted(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          # the lists
          --mount=type=cache,target=/var/lib/apt,sharing=locked \\

        # an indented comment
          --mount=type=cache,\\
      target=/root/.cache \\
          apt-get update
    `,
      [
        'cache type=cache target=/var/cache/apt sharing=locked',
        'cache type=cache target=/var/lib/apt sharing=locked',
        'cache type=cache target=/root/.cache',
      ],
    );
  });

  it('accepts the backtick escape directive, with backslashes as plain characters', () => {
    // parser/parser.go: `# escape=\`` makes the backtick the escape and continuation character.
    accepted(
      `
      # escape=\`
      FROM mcr.microsoft.com/windows/servercore
      RUN --mount=type=cache,target=C:\\cache,id=win \`
          --mount=type=cache,target=/b\` c \`
          dir
    `,
      ['cache type=cache target=C:\\cache id=win', 'cache type=cache target=/b c'],
    );
  });

  it('accepts heredocs after the flags, whose bodies are not flags', () => {
    // parser/parser.go: heredoc bodies follow the instruction's line and are not part of it.
    accepted(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked <<EOF
      echo --mount=type=nonsense is shell text here
      apt-get update
      EOF
      RUN --mount=type=cache,target=/root/.cache bash <<'SCRIPT'
      echo --mount=x
      SCRIPT
    `,
      ['cache type=cache target=/var/cache/apt sharing=locked', 'cache type=cache target=/root/.cache'],
    );
  });

  it('accepts the same file with CRLF line endings and a byte order mark', () => {
    // parser/parser.go: trimNewline drops "\r\n"; discardBOM drops the byte order mark of the first line.
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=bind,src=a,dst=/a,ro \\
          true
    `;
    const mounts = [
      'cache type=cache target=/var/cache/apt sharing=locked',
      'bind type=bind source=a target=/a readonly',
    ];
    accepted(source, mounts, { eol: '\r\n' });
    accepted(source, mounts, { bom: true });
    accepted(source, mounts, { eol: '\r\n', bom: true });
  });

  it('accepts the other RUN flags, an exec-form command, lower-case instructions and a bare --', () => {
    // instructions/bflag.go: RUN registers mount, network, security and device; "--" ends the flags.
    accepted(
      `
      FROM debian
      RUN --network=none --security=insecure --device=name --mount=type=cache,target=/x true
      RUN --mount=type=cache,target=/y ["echo", "hi"]
      run --mount=type=cache,target=/z true
      RUN -- --mout=this-is-the-command
    `,
      ['cache type=cache target=/x', 'cache type=cache target=/y', 'cache type=cache target=/z'],
    );
  });
});
