import { planRecord } from '../../shared/core/record-plan';
import type { RecordPlanInput, RecordValue } from '../../shared/core/record-plan';
import type { Described } from '../../shared/core/step';
import { fc, fcParams } from './fc-params';

const INSIDE = ['10.20.1.10', '10.20.2.20', '10.20.3.30'];
const OUTSIDE = ['192.0.2.7'];

const memberArb: fc.Arbitrary<Described<RecordValue>> = fc.record({
  value: fc.constantFrom(...INSIDE, ...OUTSIDE),
  type: fc.constantFrom('A', 'A', 'A', 'CNAME'),
  ttlSeconds: fc.constantFrom(5, 60),
  health: fc.constant('pending' as const),
  state: fc.constant('in record'),
});

const inputArb: fc.Arbitrary<RecordPlanInput> = fc.record({
  resolution: fc.oneof(
    fc
      .uniqueArray(fc.constantFrom(...INSIDE, ...OUTSIDE), { minLength: 0, maxLength: 3 })
      .map((addresses) => ({ ok: true as const, addresses, ttlSeconds: 5, chain: [], server: 'dns' })),
    fc.constant({ ok: false as const, failure: 'timeout' as const, detail: 'no answer' }),
  ),
  current: fc.uniqueArray(memberArb, { maxLength: 3, selector: (m) => m.value }),
  policy: fc.record({
    allowedCidrs: fc.constant(['10.20.0.0/16']),
    maxBackends: fc.integer({ min: 1, max: 3 }),
  }),
  ttlSeconds: fc.constant(5),
  onForeignRecord: fc.constantFrom('report' as const, 'overwrite' as const),
});

/** The record after Route 53 applies an UPSERT of `add`: exactly those values. */
const afterUpsert = (add: readonly RecordValue[]): Described<RecordValue>[] =>
  add.map((m) => ({ ...m, health: 'pending', state: 'in record' }));

describe('planRecord() properties', () => {
  it('only ever replaces the whole record: never an add or a remove, never an empty record', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRecord(input);
        expect(['in-sync', 'replace', 'hold', 'refuse']).toContain(step.kind);
        if (step.kind !== 'replace') return;
        expect(step.add.length).toBeGreaterThan(0);
      }),
      fcParams(500),
    );
  });

  it('a replace writes exactly the resolved addresses: never the old and the new together', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRecord(input);
        if (step.kind !== 'replace' || !input.resolution.ok) return;
        expect(step.add.map((m) => m.value).sort()).toEqual([...input.resolution.addresses].sort());
        expect(step.add.every((m) => m.type === 'A' && m.ttlSeconds === 5)).toBe(true);
      }),
      fcParams(500),
    );
  });

  it('never writes over a CNAME, nor a value outside the CIDRs unless told to', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRecord(input);
        if (step.kind !== 'replace') return;
        expect(input.current.filter((m) => m.type !== 'A')).toEqual([]);
        if (input.onForeignRecord === 'report') {
          expect(input.current.filter((m) => OUTSIDE.includes(m.value))).toEqual([]);
        }
      }),
      fcParams(500),
    );
  });

  it('converges: after the UPSERT it plans, the next plan is in sync', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const step = planRecord(input);
        if (step.kind !== 'replace') return;
        expect(planRecord({ ...input, current: afterUpsert(step.add) }).kind).toBe('in-sync');
      }),
      fcParams(500),
    );
  });
});
