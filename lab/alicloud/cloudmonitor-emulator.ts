import { LAB_FC_METRICS, page, readMetricRule } from './cloudmonitor-rules';
import type { MetricMetaEntry, StoredMetricRule } from './cloudmonitor-rules';
import { FaultInjector } from './faults';
import { decodeRepeatList } from './rpc-params';
import { invalidParameter, missingParameter, RpcError } from './rpc-protocol';
import type { EmulatorOptions, RpcCall, RpcService } from './types';

/** One custom event PutCustomEvent accepted. */
export interface CustomEvent {
  name: string;
  content: string;
  groupId?: string;
  /** As sent, e.g. `20260101T000000.000+0800`. */
  time?: string;
  /** The emulator's clock when it was accepted. */
  at: number;
}

/** PutCustomEvent's response: CloudMonitor answers success with a `Code` of its own. */
export interface PutCustomEventResponse {
  RequestId: string;
  Code: '200';
  Message: 'success';
}

/** The largest `Content` CloudMonitor takes, in bytes. */
export const MAX_EVENT_CONTENT_BYTES = 64 * 1024;
const ACTIONS = new Set([
  'PutCustomEvent',
  'DescribeContactGroupList',
  'DescribeMetricMetaList',
  'PutResourceMetricRule',
]);

/** What CloudMonitor's 2019-01-01 actions answer on success besides their data (SDK response models). */
const SUCCESS = { Code: '200', Success: true } as const;

/** What the emulator starts with besides the clock and the faults. */
export interface CloudMonitorEmulatorOptions extends EmulatorOptions {
  /** The account's alert contact groups, by name; none by default. */
  contactGroups?: readonly string[];
  /** What DescribeMetricMetaList lists; default `LAB_FC_METRICS`. */
  metricMetas?: readonly MetricMetaEntry[];
}

/**
 * A CloudMonitor (API 2019-01-01) emulator: PutCustomEvent, the alert channel; and the deploy's alarm
 * actions, DescribeContactGroupList, DescribeMetricMetaList and PutResourceMetricRule (an upsert by
 * RuleId, kept in `rules`). Success bodies carry `Code: '200'`, which pop-core counts as success; any
 * other `Code` would throw.
 */
export class CloudMonitorEmulator implements RpcService {
  readonly apiVersion = '2019-01-01';
  readonly product = 'Cms';
  readonly actions: ReadonlySet<string> = ACTIONS;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[] = [];
  readonly events: CustomEvent[] = [];
  /** The account's alert contact groups; tests add and remove names. */
  readonly contactGroups: Set<string>;
  readonly metricMetas: MetricMetaEntry[];
  /** Threshold rules by RuleId. */
  readonly rules = new Map<string, StoredMetricRule>();
  readonly now: () => number;

  constructor(options: CloudMonitorEmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
    this.contactGroups = new Set(options.contactGroups ?? []);
    this.metricMetas = [...(options.metricMetas ?? LAB_FC_METRICS)];
  }

  dispatch(action: string, params: URLSearchParams): object {
    switch (action) {
      case 'PutCustomEvent':
        return this.putCustomEvent(params);
      case 'DescribeContactGroupList': {
        const names = [...this.contactGroups].sort();
        const shown = page(params, names, 100);
        return {
          ...SUCCESS,
          Total: names.length,
          ContactGroupList: { ContactGroup: shown.map((Name) => ({ Name, Contacts: { Contact: [] } })) },
          ContactGroups: { ContactGroup: shown },
        };
      }
      case 'DescribeMetricMetaList': {
        const namespace = params.get('Namespace');
        const metricName = params.get('MetricName');
        const matching = this.metricMetas.filter(
          (meta) =>
            (namespace === null || meta.Namespace === namespace) &&
            (metricName === null || meta.MetricName === metricName),
        );
        return {
          ...SUCCESS,
          TotalCount: String(matching.length),
          Resources: { Resource: page(params, matching, 30) },
        };
      }
      case 'PutResourceMetricRule': {
        const rule = readMetricRule(params, this.contactGroups, this.metricMetas, this.now());
        this.rules.set(rule.ruleId, rule);
        return { ...SUCCESS, Message: 'success' };
      }
      default:
        throw new RpcError('InvalidAction.NotFound', `Specified api ${action} is not found.`, 404);
    }
  }

  private putCustomEvent(params: URLSearchParams): object {
    const members = decodeRepeatList(params, 'EventInfo');
    if (members === undefined) throw missingParameter('EventInfo');
    const at = this.now();
    // Every event is checked before any is stored, so a refused call stores none.
    const events = members.map((member, index): CustomEvent => {
      const where = `EventInfo.${index + 1}`;
      const { EventName: name, Content: content, GroupId: groupId, Time: time } = member;
      if (name === undefined || name === '') throw missingParameter(`${where}.EventName`);
      if (content === undefined || content === '') throw missingParameter(`${where}.Content`);
      if (Buffer.byteLength(content) > MAX_EVENT_CONTENT_BYTES) {
        throw invalidParameter(`${where}.Content`, `it is larger than ${MAX_EVENT_CONTENT_BYTES} bytes`);
      }
      return { name, content, groupId, time, at };
    });
    this.events.push(...events);
    return { Code: '200', Message: 'success' };
  }
}
