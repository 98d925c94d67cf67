/**
 * upKeeper's maintenance policy, as data, and the compliance it implies.
 *
 * Definition (also in the README): an installation is *overdue* when some release newer than the
 * version it runs was released longer ago than its kind's grace period. It is overdue since the
 * earliest moment that became true (the release date of the oldest such newer release plus the
 * grace), and `requiredVersion` is the newest release whose grace has run out: the version it
 * must at least run now. Cancelled releases, and releases dated after `asOf`, do not count.
 *
 * Versions compare as semver (loosely coerced: "5.2" is 5.2.0); two versions that are not semver
 * compare by the dates of their release records; anything else is not comparable and never "newer".
 */
import { DateTime } from 'luxon';
import semver from 'semver';
import type { Installation, InstallationKind, Release } from './model.ts';

/** How long after a newer release each kind of installation may keep running an older version. */
export const MAINTENANCE_POLICY: Record<InstallationKind, { months?: number; days?: number }> = {
  server: { months: 6 },
  client: { months: 12 },
  cloud: { days: 14 },
};

export function graceEnds(releasedAt: Date, kind: InstallationKind): Date {
  return DateTime.fromJSDate(releasedAt, { zone: 'utc' }).plus(MAINTENANCE_POLICY[kind]).toJSDate();
}

function semverOf(version: string): string | null {
  return semver.valid(version) ?? semver.coerce(version)?.version ?? null;
}

/** >0 when a is newer than b; undefined when they cannot be compared. */
export function compareVersions(a: string, b: string, releaseDates: Map<string, Date>): number | undefined {
  if (a === b) return 0;
  const [sa, sb] = [semverOf(a), semverOf(b)];
  if (sa && sb) return semver.compare(sa, sb);
  const [da, db] = [releaseDates.get(a), releaseDates.get(b)];
  if (da && db) return da.getTime() - db.getTime();
  return undefined;
}

export interface ComplianceEntry {
  installation: Installation;
  latestVersion: string | null;
  requiredVersion: string;
  overdueSince: Date;
  overdueDays: number;
}

/** Pure: the overdue installations among these, as of `asOf`, given the release records. */
export function computeCompliance(
  list: Installation[],
  releaseRows: Pick<Release, 'version' | 'releasedAt' | 'status'>[],
  asOf: Date,
): ComplianceEntry[] {
  const released = releaseRows.filter((r) => r.status !== 'cancelled' && r.releasedAt <= asOf);
  const dates = new Map(released.map((r) => [r.version, r.releasedAt]));
  const latest = released.reduce<string | null>((best, r) => (best === null || (compareVersions(r.version, best, dates) ?? 0) > 0 ? r.version : best), null);
  const entries: ComplianceEntry[] = [];
  for (const installation of list) {
    let since: Date | undefined;
    let required: { version: string; releasedAt: Date } | undefined;
    for (const release of released) {
      if ((compareVersions(release.version, installation.version, dates) ?? 0) <= 0) continue;
      const ends = graceEnds(release.releasedAt, installation.kind);
      if (ends > asOf) continue;
      if (!since || ends < since) since = ends;
      if (!required || (compareVersions(release.version, required.version, dates) ?? 0) > 0) required = release;
    }
    if (!since || !required) continue;
    entries.push({
      installation,
      latestVersion: latest,
      requiredVersion: required.version,
      overdueSince: since,
      overdueDays: Math.floor((asOf.getTime() - since.getTime()) / 86_400_000),
    });
  }
  return entries.sort((a, b) => a.overdueSince.getTime() - b.overdueSince.getTime() || a.installation.name.localeCompare(b.installation.name));
}
