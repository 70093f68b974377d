import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../server/src/analysis/model/build';
import { runCommands } from '../../server/src/analysis/model/commands';
import { MappedText } from '../../server/src/analysis/syntax/mappedText';
import { parseShell } from '../../server/src/analysis/shell/parse';

const words = (script: string) =>
  parseShell(MappedText.fromDocument(script, 0)).map((c) => [
    ...c.assignments.map((w) => w.value.text),
    ...c.words.map((w) => w.value.text),
  ]);

function commandsOf(dockerfile: string): string[][] {
  const model = buildModel(dockerfile);
  return model.runs.flatMap((r) => runCommands(r).map((c) => c.words.map((w) => w.value.text)));
}

describe('shell reader', () => {
  it('splits on &&, ||, ;, pipes, background and subshells', () => {
    assert.deepEqual(words('a 1 && b 2 || c; d | e & (f; g)'), [
      ['a', '1'],
      ['b', '2'],
      ['c'],
      ['d'],
      ['e'],
      ['f'],
      ['g'],
    ]);
  });

  it('removes quotes and escapes, and keeps $(...) and backticks in one word', () => {
    assert.deepEqual(words(`echo "a b" 'c d' e\\ f "x\\"y" $(cat "f g") \`id -u\``), [
      ['echo', 'a b', 'c d', 'e f', 'x"y', '$(cat "f g")', '`id -u`'],
    ]);
  });

  it('skips comments, redirections and control keywords', () => {
    assert.deepEqual(words('if true; then make > out.log 2>&1; fi # done\nfor x in a b; do echo $x; done'), [
      ['true'],
      ['make'],
      ['echo', '$x'],
    ]);
  });

  it('keeps leading assignments apart from the program', () => {
    const [command] = parseShell(MappedText.fromDocument('PIP_NO_CACHE_DIR=1 A=b pip install x', 0));
    assert.deepEqual(
      command?.assignments.map((w) => w.value.text),
      ['PIP_NO_CACHE_DIR=1', 'A=b'],
    );
    assert.deepEqual(
      command?.words.map((w) => w.value.text),
      ['pip', 'install', 'x'],
    );
  });

  it('records the operator that joins each command and word positions', () => {
    const script = 'apt-get update && apt-get clean';
    const [first, second] = parseShell(MappedText.fromDocument(script, 10));
    assert.equal(first?.joinedBy, undefined);
    assert.deepEqual(second?.joinedBy, { kind: 'op', operator: '&&', start: 25, end: 27 });
    assert.deepEqual([second?.start, second?.end], [28, 41]);
  });

  it('reads the same commands from one line, continuation lines, sh -c, exec form and heredoc scripts', () => {
    const expected = [
      ['apt-get', 'update'],
      ['apt-get', 'clean'],
    ];
    assert.deepEqual(commandsOf('FROM x\nRUN apt-get update && apt-get clean\n'), expected);
    assert.deepEqual(commandsOf('FROM x\nRUN apt-get update \\\n  && apt-get clean\n'), expected);
    assert.deepEqual(commandsOf('FROM x\nRUN sh -c "apt-get update && apt-get clean"\n').slice(1), expected);
    assert.deepEqual(
      commandsOf('FROM x\nRUN ["/bin/bash", "-ec", "apt-get update && apt-get clean"]\n').slice(1),
      expected,
    );
    assert.deepEqual(commandsOf('FROM x\nRUN <<EOF\napt-get update\napt-get clean\nEOF\n'), expected);
    assert.deepEqual(
      commandsOf('FROM x\nRUN bash <<EOF\napt-get update\napt-get clean\nEOF\n').slice(1),
      expected,
    );
  });

  it('does not read data heredocs as commands', () => {
    assert.deepEqual(commandsOf('FROM x\nRUN cat <<EOF > /etc/x\napt-get clean\nEOF\n'), [['cat']]);
  });

  it('maps words inside sh -c strings to their place in the Dockerfile', () => {
    const text = 'FROM x\nRUN sh -c "pip install --no-cache-dir y"\n';
    const run = buildModel(text).runs[0];
    const flag = run ? runCommands(run)[1]?.words[2] : undefined;
    assert.equal(text.slice(flag?.start, flag?.end), '--no-cache-dir');
  });

  it('never throws on unbalanced input', () => {
    for (const script of ['"open', "'open", '$(', '`', 'a &&', '|| b', '((((', '\\']) {
      assert.doesNotThrow(() => parseShell(MappedText.fromDocument(script, 0)));
    }
  });
});
