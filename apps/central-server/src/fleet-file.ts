import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describeIssues, FleetFile, FleetFileSchema } from '@lobby/contracts';
import { ConfigError, JsonLogger } from '@lobby/platform';

/** Reads and validates the fleet file (YAML or JSON); a missing file is no fleet, a bad one an error. */
export async function loadFleetFile(path: string, logger: JsonLogger): Promise<FleetFile | null> {
  if (!existsSync(path)) {
    logger.info('no fleet file: branches come from the API only', { file: path });
    return null;
  }
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`fleet file ${path} is not valid YAML/JSON: ${(error as Error).message}`);
  }
  const parsed = FleetFileSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`fleet file ${path} is invalid: ${describeIssues(parsed.error).join('; ')}`);
  return parsed.data;
}
