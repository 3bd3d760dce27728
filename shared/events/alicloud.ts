import { EventParseError } from './errors';
import { isObject, stringField } from './json';
import type { JsonObject } from './json';
import { alicloudDbProductOf } from './alicloud-products';
import { EVENT_TEXT_MAX, fromEvent } from './limits';
import { RdsSourceType } from './types';
import type { RdsEvent, Trigger } from './types';

/**
 * The ApsaraDB RDS events after which the instance's IP may move, so the trigger waits for DNS to
 * follow (the settle window). The one place that says which names do. Names as CloudMonitor spells
 * them; EventBridge spells the same events `<product>:CloudMonitor:InstanceFailover`,
 * `InstanceSwitchover`, `Instance[SystemMaintenance.Transfer:Executing]` (EventBridge "PolarDB events",
 * "ApsaraDB for MongoDB events", "ApsaraDB for Redis events"), which `alicloudSettleEventOf` maps here.
 * A failover (failure-triggered) and a switchover (task-triggered: a manual switch, a configuration
 * change, maintenance) both swap primary and secondary; reboots and migrations can end in one.
 * Whether an HA switch moves the IP at all is unverified: waiting costs function time, missing a move
 * costs an outage. Any other RDS event still reconciles its instance's bindings, without waiting.
 */
export const ALICLOUD_SETTLE_EVENTS = {
  Instance_Failover: 'primary/secondary switch, failure-triggered (HA failover)',
  Instance_Switchover: 'primary/secondary switch, task-triggered (switchover)',
  Instance_Failure_Start: 'instance failure started',
  Instance_Failure_End: 'instance failure ended',
  'Instance:SystemMaintenance.Reboot:Executing': 'maintenance: restart executing',
  'Instance:SystemMaintenance.Reboot:Executed': 'maintenance: restart executed',
  'Instance:SystemMaintenance.Transfer:Executing': 'maintenance: migration executing',
  'Instance:SystemMaintenance.Transfer:Executed': 'maintenance: migration executed',
  'Instance:SystemMaintenance.MinorVersionUpgrade:Executing': 'maintenance: minor version upgrade executing',
  'Instance:SystemMaintenance.MinorVersionUpgrade:Executed': 'maintenance: minor version upgrade executed',
  'Instance:SystemMaintenance.ScheduledOperation:Executing': 'maintenance: scheduled operation executing',
  'Instance:SystemMaintenance.ScheduledOperation:Executed': 'maintenance: scheduled operation executed',
} as const;
export type AlicloudSettleEvent = keyof typeof ALICLOUD_SETTLE_EVENTS;

const SETTLE_NAMES = Object.keys(ALICLOUD_SETTLE_EVENTS) as AlicloudSettleEvent[];

/** An ApsaraDB id as bindings list them: `rm-...` (MySQL), `pgm-...` (PostgreSQL), `pc-...`. */
const INSTANCE_ID = /^[a-z]{2,4}-[a-z0-9]+$/;
const INSTANCE_ID_ANYWHERE = /\b(rm|pgm|pc)-[a-z0-9]+/;
const MENTIONS_RDS = /(^|[^a-z0-9])rds([^a-z0-9]|$)/i;
/** A summary made of an object `content` is cut to this, as a string message is. */
const MESSAGE_MAX = 200;

/**
 * The settle table's name for an event name as it arrived, or undefined. Names are compared without
 * case or punctuation and may carry a prefix: EventBridge types of other products read
 * `<product>:CloudMonitor:InstanceFailover`, and RDS's exact strings are unverified.
 */
export function alicloudSettleEventOf(name: string | undefined): AlicloudSettleEvent | undefined {
  if (name === undefined) return undefined;
  const received = squash(name);
  return SETTLE_NAMES.find((known) => received.endsWith(squash(known)));
}

/**
 * Whether a payload is a CloudEvent as EventBridge delivers it: `{"specversion":"1.0","id":"...",
 * "source":"acs.rds","type":"...","subject":"acs:rds:cn-hangzhou:123:dbinstance/rm-...","data":{...},
 * "aliyunaccountid":"...","aliyunregionid":"cn-hangzhou",...}`.
 */
export function isCloudEvent(payload: unknown): payload is JsonObject {
  return (
    isObject(payload) &&
    typeof payload.specversion === 'string' &&
    typeof payload.source === 'string' &&
    typeof payload.type === 'string'
  );
}

/**
 * Parses one or more EventBridge CloudEvents about RDS. An event is taken when its `source`
 * (`acs.<product>`), its `type` prefix (`<product>:CloudMonitor:...`) or `data.product` names one of
 * `ALICLOUD_DB_PRODUCTS`, or mentions RDS. The instance comes from `data.instanceId`,
 * `data.resourceId` / `data.resourceID`, `subject`, or any `rm-`/`pgm-`/`pc-` id in it. `data` is taken
 * to be the CloudMonitor event (unverified: no captured delivery was found).
 */
export function parseCloudEvents(events: readonly unknown[]): Trigger {
  const parsed: RdsEvent[] = [];
  const skipped: string[] = [];
  events.forEach((event, index) => {
    try {
      parsed.push(parseCloudEvent(event, events.length > 1 ? index : undefined));
    } catch (error) {
      // A batch mixing products: the RDS events are acted on, the rest reported, not the whole refused.
      if (!(error instanceof EventParseError) || events.length === 1) throw error;
      skipped.push(error.message);
    }
  });
  if (parsed.length === 0) {
    throw new EventParseError(
      `no RDS event in a batch of ${events.length}: ${skipped.slice(0, 5).join('; ')}`,
    );
  }
  return {
    kind: 'rds-event',
    via: 'eventbridge',
    events: parsed,
    ...(skipped.length > 0 ? { skipped } : {}),
  };
}

function parseCloudEvent(event: unknown, index: number | undefined): RdsEvent {
  const number = index === undefined ? '' : ` #${index + 1}`;
  if (!isCloudEvent(event)) throw new EventParseError(`EventBridge event${number}: not a CloudEvent`);
  const where = `EventBridge event${number} (source '${fromEvent(event.source as string, EVENT_TEXT_MAX.quoted)}', type '${fromEvent(event.type as string, EVENT_TEXT_MAX.quoted)}')`;
  const data = dataOf(event.data);
  if (![event.source, event.type, data.product].some(isDatabaseProduct)) {
    throw new EventParseError(
      `${where}: not an RDS event (expected a source acs.<product> or a type <product>:CloudMonitor:..., ` +
        'product one of rds, mysql, postgresql, sqlserver, mariadb, polardb)',
    );
  }
  return rdsEventOf(where, event, {
    names: [
      nameWithStatus(data),
      stringField(data, 'eventName'),
      typeEventName(event.type as string),
      event.type as string,
    ],
    ids: [
      ['data.instanceId', data.instanceId],
      ['data.resourceId', data.resourceId ?? data.resourceID],
      ['subject', event.subject],
    ],
    messages: messagesOf(data),
  });
}

/**
 * Whether a payload is a CloudMonitor event pushed to the function, e.g. the scheduled-event
 * notice `{"eventId":"...","product":"RDS","eventType":"Maintenance","instanceId":"rm-...",
 * "reason":"...","extra":{"eventCode":"rds_apsaradb_transfer","switchTime":"..."},...}` or a system
 * event as CloudMonitor pushes it (ApsaraDB for MongoDB, "Cloud Monitor event notifications"):
 * `{"product":"MongoDB","resourceID":"acs:mongodb:cn-hangzhou:...:instance/...","level":"WARN",
 * "instanceName":"...","regionID":"cn-hangzhou","name":"Instance_Switchover","content":{},
 * "status":"Executed"}`; the callback form of the same event spells `resourceId`/`regionId` and adds
 * an epoch `time` (CloudMonitor, "Configure callbacks for system event-triggered alerts").
 */
export function isCloudMonitorEvent(payload: unknown): payload is JsonObject {
  return isObject(payload) && typeof payload.product === 'string';
}

/** Parses a CloudMonitor RDS event; other products are refused. */
export function parseCloudMonitorEvent(event: JsonObject): Trigger {
  const product = event.product as string;
  const where = `CloudMonitor event (product '${fromEvent(product, EVENT_TEXT_MAX.quoted)}')`;
  if (!isDatabaseProduct(product)) {
    throw new EventParseError(
      `${where}: not an RDS event (expected product RDS, MySQL, PostgreSQL, SQLServer, MariaDB or PolarDB)`,
    );
  }
  const extra = isObject(event.extra) ? event.extra : {};
  return {
    kind: 'rds-event',
    via: 'cloudmonitor',
    events: [
      rdsEventOf(where, event, {
        names: [nameWithStatus(event), stringField(event, 'eventName'), stringField(extra, 'eventCode')],
        ids: [
          ['instanceId', event.instanceId],
          ['resourceId', event.resourceId ?? event.resourceID],
        ],
        messages: messagesOf(event),
      }),
    ],
  };
}

interface Fields {
  /** Where the event's name may be, most specific first. */
  readonly names: readonly (string | undefined)[];
  /** Where the instance id may be, as `[path, value]`, most specific first. */
  readonly ids: readonly (readonly [string, unknown])[];
  readonly messages: readonly unknown[];
}

function rdsEventOf(where: string, event: JsonObject, fields: Fields): RdsEvent {
  const sourceId = instanceIdOf(fields.ids) ?? INSTANCE_ID_ANYWHERE.exec(textOf(event))?.[0];
  if (sourceId === undefined) {
    throw new EventParseError(
      `${where}: names no RDS instance: nothing in ${fields.ids.map(([path]) => path).join(', ')}, ` +
        'and no rm-, pgm- or pc- id anywhere in the event',
    );
  }
  const names = fields.names.filter((name): name is string => name !== undefined && name !== '');
  const known = names.map(alicloudSettleEventOf).find((name) => name !== undefined);
  const eventId = known ?? (names[0] === undefined ? undefined : fromEvent(names[0], EVENT_TEXT_MAX.eventId));
  const message = fields.messages.find((m): m is string => typeof m === 'string' && m !== '') ?? '';
  return {
    ...(eventId ? { eventId } : {}),
    sourceType: RdsSourceType.AlicloudInstance,
    sourceId: fromEvent(sourceId, EVENT_TEXT_MAX.id),
    message: fromEvent(message, 200),
    settles: known !== undefined,
    ...(known === undefined ? { unknownEvent: true } : {}),
  };
}

/** The event as JSON text to search for an id; empty when it cannot be serialised (nested too deep). */
function textOf(event: JsonObject): string {
  try {
    return JSON.stringify(event);
  } catch {
    return '';
  }
}

/** `rm-abc`, or the last segment of `acs:rds:cn-hangzhou:123:dbinstance/rm-abc` or `rds:rm-abc`. */
function instanceIdOf(candidates: Fields['ids']): string | undefined {
  for (const [, value] of candidates) {
    if (typeof value !== 'string') continue;
    const id = value.split(/[/:]/).pop() ?? '';
    if (INSTANCE_ID.test(id)) return id;
  }
  return undefined;
}

/** A CloudEvent's `data`: an object, or an object sent as JSON text; `{}` otherwise. */
function dataOf(data: unknown): JsonObject {
  if (typeof data !== 'string') return isObject(data) ? data : {};
  try {
    const parsed: unknown = JSON.parse(data);
    return isObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

function mentionsRds(value: unknown): boolean {
  return typeof value === 'string' && MENTIONS_RDS.test(value);
}

function isDatabaseProduct(value: unknown): boolean {
  return alicloudDbProductOf(value) !== undefined || mentionsRds(value);
}

/**
 * The event name, with its `status` when the name does not carry one: CloudMonitor pushes
 * `{"name":"Instance_Switchover","status":"Executed"}` as well as
 * `{"name":"Instance:SystemMaintenance.Transfer:Executing"}`.
 */
function nameWithStatus(event: JsonObject): string | undefined {
  const name = stringField(event, 'name');
  const status = stringField(event, 'status');
  if (name === undefined || status === undefined || !name.includes('SystemMaintenance.')) return name;
  return name.toLowerCase().endsWith(status.toLowerCase()) ? name : `${name}:${status}`;
}

/** `polardb:CloudMonitor:InstanceSwitchover` -> `InstanceSwitchover`; `Instance[X:Y]` -> `Instance:X:Y`. */
function typeEventName(type: string): string {
  const event = type.split(':CloudMonitor:')[1] ?? type;
  return event.replace(/^Instance\[(.*)\]$/, 'Instance:$1');
}

/**
 * Where the human-readable text of an event may be, most specific first. `content` is a string in
 * some payloads and an object in CloudMonitor pushes (often `{}`): an object gives its own text fields,
 * else a compact rendering of itself; the name and status close the list, so an alert never reads empty.
 */
function messagesOf(event: JsonObject): unknown[] {
  const content = event.content;
  const fromContent = isObject(content)
    ? [content.reason, content.message, content.description, contentSummary(content)]
    : [content];
  const name = stringField(event, 'name');
  const status = stringField(event, 'status');
  return [
    event.reason,
    ...fromContent,
    event.message,
    name === undefined ? undefined : [name, status].filter(Boolean).join(' '),
  ];
}

function contentSummary(content: JsonObject): string | undefined {
  if (Object.keys(content).length === 0) return undefined;
  const text = JSON.stringify(content);
  return text.length > MESSAGE_MAX ? `${text.slice(0, MESSAGE_MAX)}...` : text;
}

function squash(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}
