import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { tierUpFlag } from '../../server/src/cli/tierUp';
import { APT, run, workspace } from './helpers';

describe('cachemount lint: the V8 tier-up flag the launcher sets', () => {
  it('is one this Node knows: V8 would print an unknown one into the report', () => {
    const flag = tierUpFlag();
    if (!flag) return;
    const node = spawnSync(process.execPath, [flag, '-e', '0'], { encoding: 'utf8' });
    assert.deepEqual([node.status, node.stdout, node.stderr], [0, '', '']);
  });

  it('is set by V8 version, and left to the user who gave node one', () => {
    assert.equal(tierUpFlag('11.3.244.8-node.33', []), '--interrupt-budget=400000');
    assert.equal(tierUpFlag('12.4.254.21-node.57', ['--inspect']), '--invocation-count-for-turbofan=12000');
    assert.equal(tierUpFlag('11.3.244.8-node.33', ['--interrupt_budget=1000']), undefined);
    assert.equal(tierUpFlag('12.4.254.21-node.57', ['--invocation-count-for-turbofan=5']), undefined);
    assert.equal(tierUpFlag('10.2.154.26-node.26', []), undefined, 'a V8 it was not measured on');
    assert.equal(tierUpFlag('11.8.172.17-node.19', []), undefined, 'Node 21: another minor version');
    assert.equal(tierUpFlag('14.6.202.34-node.34', []), undefined, 'Node 26: the default was faster');
  });

  it("changes nothing in the report, with the launcher's flag or the user's own", () => {
    const root = workspace({ Dockerfile: APT });
    const expected = run(['lint', '--format', 'json', 'Dockerfile'], { cwd: root });
    assert.equal(expected.code, 1);
    const flag = tierUpFlag();
    if (!flag) return;
    const own = run(['lint', '--format', 'json', 'Dockerfile'], {
      cwd: root,
      nodeArgs: [`${flag.slice(0, flag.indexOf('='))}=1000`],
    });
    assert.deepEqual(own, expected);
  });
});
