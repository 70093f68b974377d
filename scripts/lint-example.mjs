// `npm start`: lints the bundled example. The example is meant to have findings, so exit code 1
// (findings) counts as success here; a usage or read error (2) still fails.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'lint', 'examples/Dockerfile'], {
  stdio: 'inherit',
});
process.exitCode = result.status === 0 || result.status === 1 ? 0 : (result.status ?? 2);
