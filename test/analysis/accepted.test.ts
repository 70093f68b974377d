import { describe, it } from 'node:test';
import { check } from './fixture';

const only = ['mount-syntax'];

/**
 * Mounts BuildKit accepts must get no mount-syntax finding. Each case follows BuildKit's parser:
 * parser/split_command.go (quotes and escapes in flags), go-csvvalue (fields), instructions/commands_runmount.go
 * (keys, aliases, bare words, value syntaxes), parser/parser.go (continuations, comments, escape directive).
 */
describe('mount-syntax: accepted mounts', () => {
  it('accepts every type with its usual options', () => {
    check(
      `
      FROM debian AS deps
      FROM debian
      RUN --mount=type=cache,target=/root/.cache,id=pip,sharing=private,mode=0700,uid=1000,gid=1000 true
      RUN --mount=type=bind,source=go.sum,target=/src/go.sum,from=deps,rw true
      RUN --mount=type=bind,target=/src true
      RUN --mount=target=/src true
      RUN --mount=type=tmpfs,target=/tmp,size=64m true
      RUN --mount=type=secret,id=npmrc,target=/root/.npmrc,required,mode=0400 true
      RUN --mount=type=secret,id=token,env=TOKEN true
      RUN --mount=type=secret,target=/run/secrets/aws true
      RUN --mount=type=ssh true
      RUN --mount=type=ssh,id=default,required=false true
      RUN --mount=type=cache,target=/x,from=deps,source=/cache true
    `,
      { only },
    );
  });

  it('accepts aliases, bare booleans and upper-case keys and values', () => {
    check(
      `
      FROM debian
      RUN --mount=type=bind,src=a,dst=/a,ro true
      RUN --mount=type=bind,source=a,destination=/a,readonly true
      RUN --mount=type=bind,target=/a,readwrite=true true
      RUN --mount=type=bind,target=/a,readonly=False,ro=1 true
      RUN --mount=TYPE=CACHE,TARGET=/a,SHARING=Locked,ID=x true
      RUN --mount=type=cache,target=/a,target=/b true
    `,
      { only },
    );
  });

  it('accepts tmpfs sizes go-units parses', () => {
    check(
      `
      FROM debian
      RUN --mount=type=tmpfs,target=/t,size=512 true
      RUN --mount=type=tmpfs,target=/t,size=64m true
      RUN --mount=type=tmpfs,target=/t,size=1.5GiB true
      RUN --mount=type=tmpfs,target=/t,size=2Gb true
      RUN --mount=type=tmpfs,target=/t,size=100KB true
    `,
      { only },
    );
  });

  it('accepts quotes around a flag or a value, which only group (split_command.go)', () => {
    check(
      `
      FROM debian
      RUN --mount="type=cache,target=/a b" true
      RUN --mount='type=cache,target=/a' true
      RUN --mount=type=cache,"target"=/x true
      RUN --mount='type=cache,"target=/a,b"' true
      RUN --mount='type=cache,"target=/say ""hi"""' true
    `,
      { only },
    );
  });

  it('accepts escaped characters and variables in values', () => {
    check(
      `
      FROM debian
      ARG CACHE=/var/cache/x
      ENV HOME_CACHE=/root/.cache
      RUN --mount=type=cache,target=/a\\ b true
      RUN --mount=type=cache,target=$CACHE,id=\${CACHE}-\${TARGETPLATFORM:-none} true
      RUN --mount=type=cache,target=\${HOME_CACHE}/pip true
      RUN --mount=type=cache,target=\${UNSET:-/default} true
      RUN --mount=type=bind,from=stage$,target=/a true
    `,
      { only },
    );
  });

  it('accepts several mounts across continuation lines with comments and blank lines inside', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          # the lists
          --mount=type=cache,target=/var/lib/apt,sharing=locked \\

          --mount=type=cache,\\
      target=/root/.cache \\
          apt-get update
    `,
      { only },
    );
  });

  it('accepts the backtick escape directive', () => {
    check(
      `
      # escape=\`
      FROM mcr.microsoft.com/windows/servercore
      RUN --mount=type=cache,target=C:\\cache,id=win \`
          --mount=type=cache,target=/b \`
          dir
    `,
      { only },
    );
  });

  it('accepts heredocs after the flags', () => {
    check(
      `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked <<EOF
      --mount=type=nonsense is shell text here
      apt-get update
      EOF
      RUN --mount=type=cache,target=/root/.cache bash <<'SCRIPT'
      echo --mount=x
      SCRIPT
    `,
      { only },
    );
  });

  it('accepts the same files with CRLF line endings and a BOM', () => {
    const source = `
      FROM debian
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \\
          --mount=type=bind,src=a,dst=/a,ro \\
          true
    `;
    check(source, { only, eol: '\r\n' });
    check(source, { only, bom: true });
    check(source, { only, eol: '\r\n', bom: true });
  });

  it('accepts other flags of RUN (bflag.go)', () => {
    check(
      `
      FROM debian
      RUN --network=none --security=insecure --device=name --mount=type=cache,target=/x true
      RUN -- --mout=this-is-the-command
    `,
      { only },
    );
  });
});
