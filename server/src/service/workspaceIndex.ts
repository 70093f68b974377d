// The editor's view of a workspace beyond the open document: every Dockerfile and build definition (Bake,
// Compose, GitHub workflows) of its folders, found as `cachemount lint` finds them (workspace/walk.ts) and read
// through the safe reader. Cache ids belong to the builder, not to a file: the index is what lets the editor
// show what the CLI shows for a whole repository (a cross-file id conflict, how a file is built, a CI job that
// loses its cache mounts). Open documents take precedence over what is on disk.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildArgFact, Finding } from '../analysis/types';
import type { FileInWorkspace } from '../analysis/acrossFiles';
import { analyzeAcrossFiles } from '../analysis/acrossFiles';
import { analyzeBuildFile } from '../analysis/buildFiles';
import { buildModel } from '../analysis/model/build';
import type { DockerfileModel } from '../analysis/model/types';
import type { BuildFileKind, BuildFileResult, DockerfileBuilds } from '../builds/index';
import { BuildIndex, buildFileKind } from '../builds/index';
import { readBuildFile } from '../builds/read';
import { readRegularFile } from '../workspace/safeRead';
import { isDockerfileName, walkFolder, walkReaches } from '../workspace/walk';

/** What a build definition file shows in the editor (see `WorkspaceIndex.buildFileFindings`). */
export interface BuildFileReport {
  findings: Finding[];
  problems: BuildFileResult['problems'];
}

/** The most files one workspace folder contributes: a monorepo has hundreds, a home folder millions. */
export const MAX_INDEXED_FILES = 5000;

interface Folder {
  uri: string;
  path: string;
}

interface IndexedDockerfile {
  uri: string;
  folder: Folder;
  /** From the folder, "/" between folders: how build definitions and messages name it. */
  name: string;
  model: DockerfileModel;
}

interface IndexedBuildFile {
  uri: string;
  folder: Folder;
  name: string;
  kind: BuildFileKind;
  text: string;
  result: BuildFileResult;
}

export class WorkspaceIndex {
  private readonly folders: Folder[] = [];
  private readonly dockerfiles = new Map<string, IndexedDockerfile>();
  private readonly buildFiles = new Map<string, IndexedBuildFile>();
  /** Per folder, rebuilt when a build file changes. */
  private builds = new Map<string, BuildIndex>();

  constructor(private readonly log: (message: string) => void) {}

  get size(): number {
    return this.dockerfiles.size + this.buildFiles.size;
  }

  /** Walks a workspace folder; folders that are not on disk (virtual workspaces) are not indexed. */
  async addFolder(uri: string, stillWanted: () => boolean = () => true): Promise<void> {
    if (!uri.startsWith('file:')) return;
    let folderPath: string;
    try {
      folderPath = fileURLToPath(uri);
    } catch {
      return;
    }
    const folder: Folder = { uri, path: folderPath };
    const files = await this.walk(folder);
    // The index was cleared (the setting changed) while the folder was walked: that walk's result is stale.
    if (!stillWanted()) return;
    this.folders.push(folder);
    for (const file of files) this.readFromDisk(pathToFileURL(file).href, folder, file);
    this.rebuildBuilds();
  }

  /**
   * `.gitignore` files in indexed folders changed (or appeared, or went away): each folder is walked again, the
   * files it now leaves out are dropped and those it now lets in are read. The server applies the open
   * documents' text again afterwards, as after the first walk.
   */
  async ignoresChanged(uris: readonly string[], stillWanted: () => boolean = () => true): Promise<void> {
    const folders = new Set(uris.map((uri) => this.folderOf(uri)).filter((f) => f !== undefined));
    for (const folder of folders) {
      const files = await this.walk(folder);
      if (!stillWanted() || !this.folders.includes(folder)) return;
      const found = new Set(files.map((file) => pathToFileURL(file).href));
      for (const indexed of [this.dockerfiles, this.buildFiles])
        for (const [key, entry] of indexed)
          if (entry.folder === folder && !found.has(key)) indexed.delete(key);
      for (const file of files) {
        const key = pathToFileURL(file).href;
        if (!this.dockerfiles.has(key) && !this.buildFiles.has(key)) this.readFromDisk(key, folder, file);
      }
    }
    this.rebuildBuilds();
  }

  /** The Dockerfiles and build definitions of a folder, as `cachemount lint` finds them. */
  private async walk(folder: Folder): Promise<string[]> {
    const { files, truncated } = await walkFolder(folder.path, {
      readdir: (current) => fs.promises.readdir(current, { withFileTypes: true }),
      wanted: (file) =>
        isDockerfileName(path.basename(file)) || buildFileKind(relative(folder, file)) !== undefined,
      onFolderError: (current, error) =>
        this.log(
          `cachemount: ${current}: cannot read folder: ${error instanceof Error ? error.message : String(error)}`,
        ),
      warn: (message) => this.log(`cachemount: ${message}`),
      limit: MAX_INDEXED_FILES,
    });
    if (truncated) this.log(`cachemount: ${folder.path}: indexed the first ${MAX_INDEXED_FILES} files only`);
    return files;
  }

  /** A file created, changed or deleted on disk (or closed in the editor: back to its disk text). */
  fileChanged(uri: string): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    let file: string;
    try {
      file = fileURLToPath(uri);
    } catch {
      return;
    }
    // A folder that changed (watchers name only the folder when one is deleted or moved): its files are read
    // again, and those gone are dropped.
    const below = `${uri.replace(/\/$/, '')}/`;
    const inside = [...this.dockerfiles.keys(), ...this.buildFiles.keys()].filter((u) => u.startsWith(below));
    if (inside.length > 0) {
      for (const other of inside) this.fileChanged(other);
      return;
    }
    this.dockerfiles.delete(uri);
    const wasBuildFile = this.buildFiles.delete(uri);
    const kind = buildFileKind(relative(folder, file));
    // Only what the walk would have found: not a file in node_modules or a folder .gitignore leaves out.
    const reached = walkReaches(folder.path, file, (message) => this.log(`cachemount: ${message}`));
    if (reached && (isDockerfileName(path.basename(file)) || kind)) this.readFromDisk(uri, folder, file);
    if (wasBuildFile || kind) this.rebuildBuilds();
  }

  /** An open document's text, which takes precedence over the file on disk. */
  documentChanged(uri: string, text: string, model?: DockerfileModel): void {
    const folder = this.folderOf(uri);
    if (!folder) return;
    const name = relative(folder, fileURLToPath(uri));
    const kind = buildFileKind(name);
    if (kind) {
      this.buildFiles.set(uri, { uri, folder, name, kind, text, result: readBuildFile(kind, name, text) });
      this.rebuildBuilds();
    } else if (isDockerfileName(path.basename(name)))
      this.dockerfiles.set(uri, { uri, folder, name, model: model ?? buildModel(text) });
  }

  /** Whether a document is a build definition (by its name), indexed or not: it is never a Dockerfile. */
  isBuildFile(uri: string): boolean {
    try {
      return buildFileKind(decodeURIComponent(new URL(uri).pathname)) !== undefined;
    } catch {
      return false;
    }
  }

  /** Forgets everything (`cachemount.workspace.index` turned off). */
  clear(): void {
    this.folders.length = 0;
    this.dockerfiles.clear();
    this.buildFiles.clear();
    this.builds = new Map();
  }

  /** What the folder's build definitions say of a Dockerfile: its platforms and build arguments. */
  buildsOf(uri: string): DockerfileBuilds | undefined {
    const entry = this.dockerfiles.get(uri);
    return entry ? this.builds.get(entry.folder.uri)?.forDockerfile(entry.name) : undefined;
  }

  /** The facts `analyze` takes (`AnalyzeOptions.builds`). */
  buildFacts(
    uri: string,
  ): { platforms: DockerfileBuilds['platforms']; args: Record<string, BuildArgFact> } | undefined {
    const builds = this.buildsOf(uri);
    return builds ? { platforms: builds.platforms, args: builds.argFacts } : undefined;
  }

  /**
   * The findings that `uri` shows only together with the other Dockerfiles of its folder (cross-file id
   * conflicts), for `analyze`'s `acrossFiles`. `model`: the open document's current model.
   */
  acrossFiles(uri: string, model: DockerfileModel, rules: FileInWorkspace['rules']): Finding[] {
    const entry = this.dockerfiles.get(uri);
    const folder = entry?.folder ?? this.folderOf(uri);
    if (!folder) return [];
    const name = entry?.name ?? relative(folder, fileURLToPath(uri));
    const files: FileInWorkspace[] = [{ key: uri, name, model, ...(rules ? { rules } : {}) }];
    for (const other of this.dockerfiles.values())
      if (other.uri !== uri && other.folder === folder)
        files.push({ key: other.uri, name: other.name, model: other.model });
    if (files.length < 2) return [];
    const builds = this.builds.get(folder.uri);
    const names = new Map(files.map((f) => [f.key, f.name]));
    const { findings } = analyzeAcrossFiles(files, {
      only: uri,
      builtTogether: (a, b) => builds?.builtTogether(names.get(a.key) ?? '', names.get(b.key) ?? '') ?? false,
    });
    return findings.get(uri) ?? [];
  }

  /** The other Dockerfiles of the folder that mount cache `id`: file name and 1-based line of the first mount. */
  otherMounts(uri: string, id: string): { name: string; line: number }[] {
    const folder = this.dockerfiles.get(uri)?.folder ?? this.folderOf(uri);
    const found: { name: string; line: number }[] = [];
    for (const other of this.dockerfiles.values()) {
      if (other.uri === uri || other.folder !== folder) continue;
      const mount = other.model.runs
        .flatMap((run) => run.mounts)
        .find((m) => m.effective.type === 'cache' && m.effective.id.complete && m.effective.id.value === id);
      if (mount) found.push({ name: other.name, line: mount.range.start.line + 1 });
    }
    return found.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The build definition files indexed: each one's diagnostics are published (`buildFileFindings`). */
  buildFileUris(): string[] {
    return [...this.buildFiles.values()].map((f) => f.uri);
  }

  /**
   * Every build definition file with what it shows: a workflow job whose cache mounts start empty
   * (ci-cache-mounts-lost), and the parts of a file the reader could not read (`problems`: what the file
   * says of builds may then be incomplete). By URI: every file, some with nothing.
   */
  buildFileFindings(rules: (uri: string) => FileInWorkspace['rules']): Map<string, BuildFileReport> {
    const out = new Map<string, BuildFileReport>();
    for (const file of this.buildFiles.values()) {
      const { problems } = file.result;
      if (file.result.builds.every((build) => !build.ci)) {
        out.set(file.uri, { findings: [], problems });
        continue;
      }
      const byName = new Map(
        [...this.dockerfiles.values()]
          .filter((d) => d.folder === file.folder)
          .map((d) => [d.name, { key: d.uri, name: d.name, model: d.model }]),
      );
      const configured = rules(file.uri);
      const { findings } = analyzeBuildFile(
        { text: file.text, definitions: file.result.builds },
        (name) => byName.get(name),
        configured ? { rules: configured } : {},
      );
      out.set(file.uri, { findings, problems });
    }
    return out;
  }

  private readFromDisk(uri: string, folder: Folder, file: string): void {
    let text: string;
    try {
      text = readRegularFile(file).toString('utf8');
    } catch (error) {
      // Gone (deleted since it was listed or reported): nothing to say.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.log(
          `cachemount: ${file}: not indexed: ${error instanceof Error ? error.message : String(error)}`,
        );
      return;
    }
    const name = relative(folder, file);
    const kind = buildFileKind(name);
    if (kind)
      this.buildFiles.set(uri, { uri, folder, name, kind, text, result: readBuildFile(kind, name, text) });
    else
      this.dockerfiles.set(uri, {
        uri,
        folder,
        name,
        model: buildModel(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
      });
  }

  private rebuildBuilds(): void {
    const byFolder = new Map<string, BuildFileResult[]>();
    for (const file of this.buildFiles.values()) {
      const list = byFolder.get(file.folder.uri) ?? [];
      list.push(file.result);
      byFolder.set(file.folder.uri, list);
    }
    this.builds = new Map(this.folders.map((f) => [f.uri, new BuildIndex(byFolder.get(f.uri) ?? [])]));
  }

  private folderOf(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const folder of this.folders)
      if (uri.startsWith(folder.uri.endsWith('/') ? folder.uri : `${folder.uri}/`))
        if (!best || folder.uri.length > best.uri.length) best = folder;
    return best;
  }
}

/** A file's path from its folder, "/" between folders, as build definitions name it. */
function relative(folder: Folder, file: string): string {
  return path.relative(folder.path, file).split(path.sep).join('/');
}
