import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import { docsUrl } from '../analysis/rules/rule';
import { RULE_METAS } from '../analysis/rules/registry';
import type { Range, Severity } from '../analysis/types';
import { VERSION } from '../version';
import type { FileResult } from './format';
import { ruleHelp } from './ruleHelp';

const SOURCE_ROOT = 'SRCROOT';

const LEVEL: Readonly<Record<Severity, Sarif.ReportingConfiguration.level>> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/**
 * One SARIF 2.1.0 log with one run: every rule with its help and documentation link, results with regions
 * (1-based lines, UTF-16 columns as LSP counts them, end column exclusive) and the fixes as replacements.
 * Paths are relative to the working directory (`%SRCROOT%`), which is what GitHub code scanning expects when
 * the CLI runs at the repository's root. Input errors become tool notifications, so a log is never silently
 * incomplete.
 */
export function formatSarif(results: readonly FileResult[], errors: readonly string[], cwd: string): string {
  const ruleIndex = new Map(RULE_METAS.map((rule, index) => [rule.id, index]));
  const rules: Sarif.ReportingDescriptor[] = RULE_METAS.map((rule) => {
    const url = docsUrl(rule.id);
    const help = ruleHelp(rule.id);
    return {
      id: rule.id,
      name: pascalCase(rule.id),
      shortDescription: { text: rule.summary },
      fullDescription: { text: help?.description || rule.summary },
      helpUri: url,
      help: {
        text: `${help?.description || rule.summary}\n\nDocumentation: ${url}`,
        markdown: `${help?.markdown ?? rule.summary}\n\n[Documentation of ${rule.id}](${url})`,
      },
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { tags: ['dockerfile', 'buildkit'] },
    };
  });

  const sarifResults: Sarif.Result[] = [];
  for (const { file, findings } of results) {
    const artifactLocation = artifact(file);
    for (const finding of findings) {
      const result: Sarif.Result = {
        ruleId: finding.rule,
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [{ physicalLocation: { artifactLocation, region: region(finding.range) } }],
      };
      const index = ruleIndex.get(finding.rule);
      if (index !== undefined) result.ruleIndex = index;
      if (finding.related?.length)
        result.relatedLocations = finding.related.map((related, id) => ({
          id,
          message: { text: related.message },
          physicalLocation: {
            // Another file of the run (a cache id shared across Dockerfiles), by the path its report uses.
            artifactLocation: related.file === undefined ? artifactLocation : artifact(related.file),
            region: region(related.range),
          },
        }));
      if (finding.fixes.length > 0)
        result.fixes = finding.fixes.map((fix) => ({
          description: { text: fix.title },
          // SARIF has no notion of a fix's safety: a property bag carries it (`safe` or `unsafe`).
          properties: { safety: fix.safety },
          artifactChanges: [
            {
              artifactLocation,
              replacements: fix.edits.map((edit) => ({
                deletedRegion: region(edit.range),
                insertedContent: { text: edit.newText },
              })),
            },
          ],
        }));
      sarifResults.push(result);
    }
  }

  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'cachemount',
            version: VERSION,
            semanticVersion: VERSION,
            informationUri: 'https://github.com/cachemount/cachemount',
            rules,
          },
        },
        originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(cwd + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: errors.length === 0,
            toolExecutionNotifications: errors.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
        results: sarifResults,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function artifact(file: string): Sarif.ArtifactLocation {
  if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
  return { uri: file.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** SARIF counts from 1 and its end column points after the last character, as LSP's does from 0. */
function region(range: Range): Sarif.Region {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase());
}
