import { describe, expect, it } from 'vitest';
import { nowAndNext, rotationShiftAt, shiftAt, type Rotation } from '../../core/alarms/rotation.ts';

const weekly: Rotation = { timeZone: 'Europe/Stockholm', startDate: '2026-03-23', handoffTime: '09:00', shiftDays: 7, members: ['ada', 'bob', 'cyd'] };
const at = (iso: string) => new Date(iso);

describe('rotation arithmetic', () => {
  it('has nobody on call before the first handoff', () => {
    expect(rotationShiftAt(weekly, at('2026-03-23T07:59:59Z'))).toBeUndefined();
    expect(rotationShiftAt(weekly, at('2026-03-23T08:00:00Z'))?.personId).toBe('ada');
  });

  it('hands over at 09:00 local on both sides of the spring DST change (a 167-hour shift)', () => {
    // Stockholm moves from UTC+1 to UTC+2 on 2026-03-29: 09:00 local is 08:00Z before, 07:00Z after.
    const first = rotationShiftAt(weekly, at('2026-03-25T12:00:00Z'))!;
    expect(first).toMatchObject({ personId: 'ada', from: at('2026-03-23T08:00:00Z'), until: at('2026-03-30T07:00:00Z') });
    expect(rotationShiftAt(weekly, at('2026-03-30T06:59:59Z'))?.personId).toBe('ada');
    expect(rotationShiftAt(weekly, at('2026-03-30T07:00:00Z'))?.personId).toBe('bob');
  });

  it('hands over at 09:00 local across the autumn DST change (a 169-hour shift)', () => {
    // Back to UTC+1 on 2026-10-25. 2026-10-19 is 30 weeks after the start: 30 % 3 = 0, Ada.
    const shift = rotationShiftAt(weekly, at('2026-10-20T12:00:00Z'))!;
    expect(shift).toMatchObject({ personId: 'ada', from: at('2026-10-19T07:00:00Z'), until: at('2026-10-26T08:00:00Z') });
    expect(rotationShiftAt(weekly, at('2026-10-26T08:00:00Z'))?.personId).toBe('bob');
  });

  it('rotates daily shifts through the members in order and wraps around', () => {
    const daily: Rotation = { ...weekly, timeZone: 'America/New_York', startDate: '2026-11-01', shiftDays: 1 };
    // 2026-11-01 is the US fall-back day: 09:00 EST is 14:00Z.
    const names = [0, 1, 2, 3].map((d) => rotationShiftAt(daily, new Date(Date.UTC(2026, 10, 1 + d, 14, 0)))?.personId);
    expect(names).toEqual(['ada', 'bob', 'cyd', 'ada']);
    expect(rotationShiftAt(daily, at('2026-11-02T13:59:59Z'))?.personId).toBe('ada');
  });

  it('lets an override take over for its time and cuts the rotation shift short before it', () => {
    const overrides = [{ personId: 'zed', startsAt: at('2026-03-25T00:00:00Z'), endsAt: at('2026-03-26T00:00:00Z') }];
    expect(shiftAt(weekly, overrides, at('2026-03-24T12:00:00Z'))).toMatchObject({ personId: 'ada', until: at('2026-03-25T00:00:00Z') });
    expect(shiftAt(weekly, overrides, at('2026-03-25T12:00:00Z'))).toMatchObject({ personId: 'zed', override: true });
    expect(shiftAt(weekly, overrides, at('2026-03-26T00:00:00Z'))?.personId).toBe('ada');
  });

  it('says who is next: the override coming up, then the rotation', () => {
    const overrides = [{ personId: 'zed', startsAt: at('2026-03-25T00:00:00Z'), endsAt: at('2026-03-26T00:00:00Z') }];
    const { now, next } = nowAndNext(weekly, overrides, at('2026-03-24T12:00:00Z'));
    expect(now?.personId).toBe('ada');
    expect(next).toMatchObject({ personId: 'zed', from: at('2026-03-25T00:00:00Z') });
    expect(nowAndNext(weekly, [], at('2026-03-20T00:00:00Z')).next).toMatchObject({ personId: 'ada', from: at('2026-03-23T08:00:00Z') });
  });
});
