import { ephemeralAuditSigningKey } from '../core/audit/signing-key.ts';

/** Benchmarks sign with a key of their own and leave the checkpoint schedule off: it is not what they measure. */
export const benchAuditKey = () => ({ auditKey: ephemeralAuditSigningKey('opsdesk.bench/audit'), auditSchedule: false });
