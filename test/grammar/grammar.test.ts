/**
 * Scope assertions for the `--mount` injection grammar. In a fixture, a line `#  ^^^ scope !other` asserts
 * that the columns of the `^`s on the nearest source line above have `scope` and not `other`. Assertion
 * lines are removed before tokenizing; source columns 0 cannot be asserted (the `#` sits there).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedent } from '../analysis/fixture';
import { dockerfileGrammar, scopesOf } from './tokenize';

const ASSERTION = /^#( *)(\^+)((?: +!?[\w.-]+)+) *$/;

async function checkScopes(source: string): Promise<void> {
  const sourceLines: string[] = [];
  const assertions: Array<{ line: number; from: number; to: number; expected: string[]; text: string }> = [];
  for (const line of dedent(source).split('\n')) {
    const match = ASSERTION.exec(line);
    if (!match) {
      sourceLines.push(line);
      continue;
    }
    const from = 1 + (match[1]?.length ?? 0);
    assertions.push({
      line: sourceLines.length - 1,
      from,
      to: from + (match[2]?.length ?? 0),
      expected: (match[3] ?? '').trim().split(/ +/),
      text: line,
    });
  }
  assert.ok(assertions.length > 0, 'fixture asserts nothing');
  const scopes = scopesOf(await dockerfileGrammar(), sourceLines.join('\n'));
  for (const a of assertions) {
    const text = sourceLines[a.line] ?? '';
    for (let column = a.from; column < a.to; column++) {
      const actual = scopes[a.line]?.[column] ?? [];
      const where = `line ${a.line + 1} column ${column + 1} ("${text.charAt(column)}" in ${JSON.stringify(text)}), asserted by ${a.text.trim()}`;
      for (const scope of a.expected) {
        if (scope.startsWith('!'))
          assert.ok(!actual.includes(scope.slice(1)), `${where}: has ${scope.slice(1)}: ${actual.join(' ')}`);
        else assert.ok(actual.includes(scope), `${where}: lacks ${scope}: ${actual.join(' ')}`);
      }
    }
  }
}

describe("the --mount injection grammar in VS Code's Dockerfile grammar", () => {
  it('scopes the flag, keys, separators, enum values and plain values', async () => {
    await checkScopes(`
      RUN --mount=type=cache,target=/var/cache/apt,sharing=locked apt-get update
      #   ^^ punctuation.definition.flag.dockerfile
      #     ^^^^^ entity.other.attribute-name.flag.mount.dockerfile
      #          ^ keyword.operator.assignment.dockerfile
      #           ^^^^ variable.parameter.mount-option.dockerfile
      #               ^ keyword.operator.assignment.dockerfile
      #                ^^^^^ constant.language.mount-value.dockerfile
      #                     ^ punctuation.separator.option.dockerfile
      #                      ^^^^^^ variable.parameter.mount-option.dockerfile
      #                             ^^^^^^^^^^^^^^ string.unquoted.mount-value.dockerfile
      #                                           ^ punctuation.separator.option.dockerfile
      #                                                    ^^^^^^ constant.language.mount-value.dockerfile
      #                                                           ^^^^^^^^^^^^^^ !string.unquoted.mount-value.dockerfile !variable.parameter.mount-option.dockerfile
    `);
  });

  it('scopes variables inside values, bare options and quotes', async () => {
    await checkScopes(`
      RUN --mount=type=cache,id=cargo-\${TARGETPLATFORM},target=/app/target,ro "--mount=type=tmpfs"
      #                         ^^^^^^ string.unquoted.mount-value.dockerfile !variable.other.dockerfile
      #                               ^^^^^^^^^^^^^^^^^ variable.other.dockerfile
      #                                                                    ^^ variable.parameter.mount-option.dockerfile
    `);
    await checkScopes(`
      RUN --mount=type=secret,id=npmrc,target="/root/.npmrc" npm ci
      #                                       ^ punctuation.definition.string.dockerfile
      #                                        ^^^^^^^^^^^^ !string.unquoted.mount-value.dockerfile
    `);
  });

  it('continues on an unindented continuation line and ends at an indented one, as BuildKit reads them', async () => {
    await checkScopes(`
      RUN --mount=type=cache,\\
      #                      ^ constant.character.escape.line-continuation.dockerfile
      target=/root/.cache/pip \\
      #^^^^^ variable.parameter.mount-option.dockerfile
      #       ^^^^^^^^^^^^^^^ string.unquoted.mount-value.dockerfile
          pip install flask
      #   ^^^^^^^^^^^^^^^^^ !string.unquoted.mount-value.dockerfile !variable.parameter.mount-option.dockerfile
      RUN --mount=type=cache,\\
          target=/x true
      #   ^^^^^^ !variable.parameter.mount-option.dockerfile
    `);
  });

  it('leaves comments and other instructions alone', async () => {
    await checkScopes(`
      # RUN --mount=type=cache,target=/x
      #       ^^^^^ !entity.other.attribute-name.flag.mount.dockerfile comment.line.number-sign.dockerfile
      COPY --from=build --chown=app /a /b
      #      ^^^^ !variable.parameter.mount-option.dockerfile
    `);
  });
});
