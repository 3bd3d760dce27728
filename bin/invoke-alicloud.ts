import { readFile } from 'node:fs/promises';
import { INVOKE_USAGE, parseInvokeArgs } from './alicloud-deploy/args';
import { readAlicloudSettings } from './alicloud-deploy/credentials';
import { MissingSettingsError } from './alicloud-deploy/errors';
import { runScript } from './alicloud-deploy/run-script';
import { createFcClient } from './alicloud-deploy/fc-client';
import { createFc3Api } from './alicloud-deploy/fc3-client';
import { fc3FunctionName } from './alicloud-deploy/apply-fc3';
import { manualPayload, readInvokeResult } from './alicloud-deploy/invoke';
import { SERVICE_NAME } from './alicloud-deploy/names';
import { FC_MAX_TIMEOUT_SECONDS } from './alicloud-deploy/timeouts';

const SCRIPT = 'invoke-alicloud';
/** Longer than any function may run, so the client never gives up before the function does. */
const INVOKE_TIMEOUT_MS = (FC_MAX_TIMEOUT_SECONDS + 60) * 1000;

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const options = parseInvokeArgs(argv);
  if (options.help) {
    process.stdout.write(INVOKE_USAGE);
    return 0;
  }
  const { settings, problems } = readAlicloudSettings(env, options);
  if (settings === undefined || problems.length > 0) throw new MissingSettingsError(SCRIPT, problems);
  const payload =
    options.event !== undefined ? await readFile(options.event, 'utf8') : manualPayload(options);

  const response =
    options.fcApi === '3.0'
      ? await createFc3Api(settings, INVOKE_TIMEOUT_MS).invokeFunction(
          fc3FunctionName(options.functionName),
          payload,
        )
      : await createFcClient(settings, INVOKE_TIMEOUT_MS).invokeFunction(
          SERVICE_NAME,
          options.functionName,
          payload,
          { 'x-fc-log-type': 'Tail' },
        );
  const result = readInvokeResult(response);
  if (!result.ok) {
    process.stderr.write(`${SCRIPT}: ${options.functionName} failed:\n${result.output}\n`);
    if (result.log) process.stderr.write(`\n--- log (tail) ---\n${result.log}\n`);
    return 1;
  }
  process.stdout.write(`${result.output}\n`);
  return 0;
}

runScript(SCRIPT, INVOKE_USAGE, () => main(process.argv.slice(2), process.env));
