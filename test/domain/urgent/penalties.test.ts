import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importOrg } from '../../../src/domain/org/importOrg.ts';
import type { PersonRecord, UnitRecord } from '../../../src/domain/org/port.ts';
import { declareUrgent } from '../../../src/domain/urgent/declareUrgent.ts';
import { recordMissedReport } from '../../../src/domain/urgent/recordMissedReport.ts';
import { unitStatus } from '../../../src/domain/units/unitStatus.ts';
import { createTestApp, SAMPLE_ORG, type TestApp } from '../../support/testApp.ts';

describe('late and missed urgent reports cost points and the year’s awards', () => {
  let app: TestApp;
  let reporter: PersonRecord;
  let editor: PersonRecord;
  let luoshan: UnitRecord;
  let gushi: UnitRecord;
  const deps = () => ({ store: app.store, clock: app.clock, rules: app.rules, rulesVersion: app.rulesVersion, timezone: 'Asia/Shanghai' });

  beforeEach(async () => {
    app = await createTestApp();
    app.clock.set('2026-11-20T02:00:00Z');
    const imported = await importOrg(app, { text: SAMPLE_ORG, actor: 'test' });
    if (!imported.ok) throw new Error('org');
    reporter = (await app.store.people.byCode('zhangwei'))!;
    editor = (await app.store.people.byCode('chenjing'))!;
    luoshan = (await app.store.units.byCode('luoshan'))!;
    gushi = (await app.store.units.byCode('gushi'))!;
  });
  afterEach(() => app.dispose());

  it('an on-time first report costs nothing', async () => {
    const result = await declareUrgent(deps(), { reporter, what: '某村发生火情，已扑灭', occurredAt: new Date('2026-11-19T23:00:00Z') });
    expect(result.ok && result.value.late).toBe(false);
    const status = await unitStatus(deps(), { unit: luoshan });
    expect(status.ok && [status.value.points, status.value.lateUrgent, status.value.awardEligible]).toEqual([0, 0, true]);
  });

  it('a late first report (5 hours after a general event) deducts the rules’ late penalty and ends award eligibility', async () => {
    const result = await declareUrgent(deps(), { reporter, what: '某路段发生交通事故', occurredAt: new Date('2026-11-19T21:00:00Z') });
    expect(result.ok && result.value.late).toBe(true);
    const status = await unitStatus(deps(), { unit: luoshan });
    expect(status.ok && status.value.points).toBe(-app.rules.penalties.lateUrgent);
    expect(status.ok && status.value.lateUrgent).toBe(1);
    expect(status.ok && status.value.awardEligible).toBe(false);
    // Another unit is untouched, and ranks above.
    const other = await unitStatus(deps(), { unit: gushi });
    expect(other.ok && [other.value.points, other.value.awardEligible, other.value.rank]).toEqual([0, true, 1]);
  });

  it('a missed report recorded by an editor deducts the missed penalty', async () => {
    const recorded = await recordMissedReport(deps(), { editor, unitCode: 'gushi', occurredAt: new Date('2026-11-10T04:00:00Z'), note: '某乡镇山洪未报' });
    expect(recorded.ok).toBe(true);
    const status = await unitStatus(deps(), { unit: gushi });
    expect(status.ok && [status.value.points, status.value.missedUrgent, status.value.awardEligible]).toEqual([-app.rules.penalties.missedUrgent, 1, false]);
  });

  it('a lapse last year does not count this month, but eligibility is per year', async () => {
    // Gushi missed a report in November 2026.
    const recorded = await recordMissedReport(deps(), { editor, unitCode: 'gushi', occurredAt: new Date('2026-11-10T04:00:00Z'), note: '某乡镇山洪未报' });
    if (!recorded.ok) throw new Error(recorded.error.code);
    const status = await unitStatus(deps(), { unit: gushi, period: '2026-10' });
    expect(status.ok && [status.value.points, status.value.missedUrgent, status.value.awardEligible]).toEqual([0, 0, false]);
    const nextYear = await unitStatus(deps(), { unit: gushi, period: '2027-01' });
    expect(nextYear.ok && nextYear.value.awardEligible).toBe(true);
  });
});
