import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AgentConfig, AgentConfigSchema } from '@lobby/contracts';

/** Exit code of the agent when its config file is missing or invalid. */
export const CONFIG_INVALID_EXIT_CODE = 2;

/** A config file that cannot be used; `issues` are `path: message` lines for the operator. */
export class AgentConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(`invalid agent config ${file}:\n  ${issues.join('\n  ')}`);
  }
}

/**
 * Reads the agent config (YAML, or JSON by extension), validates it with `AgentConfigSchema`
 * and resolves `bufferPath` against the file's folder, so the agent finds its state whatever
 * directory it was started from.
 */
export function loadAgentConfig(file: string): AgentConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AgentConfigError(file, [`(file): ${(error as Error).message}`]);
  }
  const config = parseAgentConfig(text, file);
  return { ...config, bufferPath: path.resolve(path.dirname(file), config.bufferPath) };
}

/** Parses and validates config text; `source` names it in errors and picks JSON by extension. */
export function parseAgentConfig(text: string, source = 'config'): AgentConfig {
  let raw: unknown;
  try {
    raw = source.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new AgentConfigError(source, [`(syntax): ${(error as Error).message.split('\n')[0]}`]);
  }
  const result = AgentConfigSchema.safeParse(raw);
  if (!result.success) throw new AgentConfigError(source, describeConfigIssues(result.error));
  return result.data;
}

/** `devices.2.transport.path: Required` rather than zod's wording for a missing field. */
export function describeConfigIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const where = issue.path.map(String).join('.') || '(root)';
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    return `${where}: ${missing ? 'Required' : issue.message}`;
  });
}
