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
const ACTIONS = new Set(['PutCustomEvent']);

/**
 * A CloudMonitor (API 2019-01-01) emulator for PutCustomEvent, the alert channel. Its success body
 * carries `Code: '200'`, which pop-core counts as success; any other `Code` would throw.
 */
export class CloudMonitorEmulator implements RpcService {
  readonly apiVersion = '2019-01-01';
  readonly product = 'Cms';
  readonly actions: ReadonlySet<string> = ACTIONS;
  readonly faults: FaultInjector;
  readonly calls: RpcCall[] = [];
  readonly events: CustomEvent[] = [];
  readonly now: () => number;

  constructor(options: EmulatorOptions = {}) {
    this.now = options.now ?? Date.now;
    this.faults = options.faults ?? new FaultInjector();
  }

  dispatch(action: string, params: URLSearchParams): object {
    if (action !== 'PutCustomEvent') {
      throw new RpcError('InvalidAction.NotFound', `Specified api ${action} is not found.`, 404);
    }
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
