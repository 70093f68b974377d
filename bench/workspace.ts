// Issue 20's workspace rows: a workspace folder of 500 generated Dockerfiles (with a Compose file and a
// workflow) indexed by the real server (workspaceChild.ts runs it in a process of its own), the heap after,
// and a keystroke in one of the files once the cross-file check runs over the folder.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface WorkspaceResult {
  files: number;
  /** initialized → the index's log line. */
  indexMs: number;
  /** The server process's heap after indexing, after a full garbage collection. */
  heapUsed: number;
  keystrokeMedianMs: number;
  keystrokeMaxMs: number;
}

export function measureWorkspace(files = 500): WorkspaceResult {
  const result = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', join(__dirname, 'workspaceChild.ts'), String(files)],
    { cwd: join(__dirname, '..'), encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`workspace run failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as WorkspaceResult;
}
