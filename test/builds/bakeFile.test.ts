import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readBakeFile } from '../../server/src/builds/bakeFile';
import { parseHcl } from '../../server/src/builds/hcl';

const BAKE = `# the services
variable "GO_VERSION" {
  default = "1.23"
}
variable "TAG" { default = "dev" }
REGISTRY = "ghcr.io/acme"

group "default" {
  targets = ["api", "web"]
}

target "_common" {
  args = {
    GO_VERSION = "\${GO_VERSION}"
    COMMIT = null
  }
  platforms = ["linux/amd64", "linux/arm64"]
}

target "api" {
  inherits = ["_common"]
  context = "services/api"
  dockerfile = "build/Dockerfile"
  target = "runtime"
  tags = ["\${REGISTRY}/api:\${TAG}"]
  args = {
    EXTRA = 42
  }
}

target "web" {
  context = "web"
  platforms = split(",", PLATFORMS) // a function: unknown
  args = { NODE = upper("x") }
}

target "remote" {
  context = "https://github.com/acme/tool.git"
}

target "many" {
  name = "many-\${item}"
  matrix = { item = ["a", "b"] }
  context = "many"
}
`;

describe('Bake files (HCL)', () => {
  it('reads targets with inherits, variables, args, platforms and the Dockerfile from the context', () => {
    const { builds, problems } = readBakeFile('deploy/docker-bake.hcl', BAKE);
    assert.deepEqual(problems, []);
    assert.deepEqual(
      builds.map((b) => b.name),
      ['target "api"', 'target "web"', 'target "remote"', 'target "many"'],
      '_common is only inherited',
    );
    const [api, web, remote, many] = builds;
    assert.equal(api?.dockerfile, 'deploy/services/api/build/Dockerfile');
    assert.deepEqual(api?.platforms, ['linux/amd64', 'linux/arm64']);
    assert.deepEqual(
      [...(api?.args ?? [])],
      [
        ['GO_VERSION', '1.23'],
        ['EXTRA', '42'],
      ],
    );
    assert.equal(api?.target, 'runtime');
    assert.deepEqual(api?.range, { start: { line: 19, character: 0 }, end: { line: 19, character: 12 } });
    assert.equal(web?.dockerfile, 'deploy/web/Dockerfile');
    assert.equal(web?.platforms, undefined, 'split() is not evaluated');
    assert.deepEqual([...(web?.args ?? [])], [['NODE', undefined]]);
    assert.equal(remote?.dockerfile, undefined);
    assert.equal(many?.dockerfile, undefined, 'a matrix makes the target unknown');
    assert.equal(many?.platforms, undefined);
  });

  it('reports broken text once per problem and never throws, whatever is cut or mangled', () => {
    const broken = readBakeFile('docker-bake.hcl', 'target "a" {\n  context = "x"\n');
    assert.ok(broken.problems.length > 0);
    assert.equal(broken.builds[0]?.dockerfile, 'x/Dockerfile', 'what was read stands');
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      const cut = Math.floor(random() * BAKE.length);
      const text = i % 2 ? BAKE.slice(0, cut) : BAKE.slice(0, cut) + '{["(\\"$'[i % 6] + BAKE.slice(cut + 1);
      readBakeFile('docker-bake.hcl', text);
    }
    assert.ok(Date.now() - started < 10_000, 'linear, not stuck');
  });

  it('keeps an inherited argument that the target sets to null (null sets nothing)', () => {
    const { builds } = readBakeFile(
      'docker-bake.hcl',
      'target "base" {\n  args = { A = "1" }\n}\ntarget "app" {\n  inherits = ["base"]\n  args = { A = null, B = null }\n}\n',
    );
    assert.deepEqual([...(builds[0]?.args ?? [])], [['A', '1']]);
  });

  it('keeps literal ${ written as $${', () => {
    const body = parseHcl('x = "a$${b}c"\n');
    assert.deepEqual(body.attributes.get('x'), { kind: 'string', parts: ['a${b}c'] });
  });
});

describe('Bake files (JSON)', () => {
  it('reads the same facts from the JSON form', () => {
    const json = JSON.stringify(
      {
        variable: { TAG: { default: 'v1' } },
        target: {
          app: {
            context: '.',
            dockerfile: 'app.Dockerfile',
            platforms: ['linux/amd64'],
            args: { V: '${TAG}', U: null },
          },
        },
      },
      null,
      2,
    );
    const { builds, problems } = readBakeFile('docker-bake.json', json);
    assert.deepEqual(problems, []);
    assert.equal(builds[0]?.dockerfile, 'app.Dockerfile');
    assert.deepEqual(builds[0]?.platforms, ['linux/amd64']);
    assert.deepEqual([...(builds[0]?.args ?? [])], [['V', 'v1']]);
    assert.equal(builds[0]?.range.start.line, 7);
    assert.ok(readBakeFile('docker-bake.json', '{"target": ').problems.length > 0);
  });
});
