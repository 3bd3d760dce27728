import { AlicloudApiVersion } from '../../shared/alicloud/constants';
import { alicloudEndpoint } from '../../shared/alicloud/endpoint';
import { createAlicloudRpc } from '../../shared/alicloud/rpc';
import { ensureAlarms } from './alarms-apply';
import type { DeployOptions } from './args';
import type { AlicloudSettings } from './credentials';

/** Per CloudMonitor request: small reads and writes. */
const CMS_TIMEOUT_MS = 15_000;

/** What the deploy's CloudMonitor calls need; the deploying key needs these RAM actions. */
export const DEPLOYER_ALARM_ACTIONS = [
  'cms:DescribeContactGroupList',
  'cms:DescribeMetricMetaList',
  'cms:PutResourceMetricRule',
] as const;

/**
 * The deploy's alarm step, after the functions: without `--alarm-contact-group` (or with FC 2.0, whose
 * functions live in a service the rules do not name) one line says why no alarm was created, and the
 * deploy goes on. `ALICLOUD_ENDPOINT_CMS` points it at the lab.
 */
export async function deployAlarms(
  options: Pick<DeployOptions, 'alarmContactGroup' | 'fcApi' | 'schedule'>,
  settings: AlicloudSettings,
  env: NodeJS.ProcessEnv,
  say: (line: string) => void,
  warn: (line: string) => void,
): Promise<void> {
  if (options.alarmContactGroup === undefined) {
    say(
      'No CloudMonitor alarm created: give --alarm-contact-group NAME (an existing alert contact group) ' +
        'to alarm on function errors, throttles and the schedule not running',
    );
    return;
  }
  if (options.fcApi !== '3.0') {
    say('No CloudMonitor alarm created: the alarm rules watch FC 3.0 functions, and --fc-api 2.0 was given');
    return;
  }
  const cms = createAlicloudRpc({
    endpoint: alicloudEndpoint('metrics', settings.region, env),
    apiVersion: AlicloudApiVersion.metrics,
    credentials: settings,
    timeoutMs: CMS_TIMEOUT_MS,
  });
  const outcome = await ensureAlarms(
    cms,
    {
      accountId: settings.accountId,
      region: settings.region,
      contactGroup: options.alarmContactGroup,
      schedule: options.schedule,
    },
    (ruleId) => say(`  alarm ${ruleId}: put`),
  );
  for (const { ruleId, why } of outcome.skipped) warn(`alarm ${ruleId} not created: ${why}`);
  warn(`the deploying key (not the function role) needs ${DEPLOYER_ALARM_ACTIONS.join(', ')} for the alarms`);
}
