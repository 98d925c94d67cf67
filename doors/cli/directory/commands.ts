/** `org add`, `person add`, `person remove`, `channel link`, `token create`, `token revoke`: each one core command. */
import { CLIENT_ROLES, PROVIDER_ROLES, type Role } from '../../../core/actor.ts';
import {
  addPerson,
  createApiToken,
  createOrg,
  getOrg,
  linkChannel,
  removePerson,
  revokeApiToken,
  type ChannelPurpose,
} from '../../../core/directory/index.ts';
import { orgForSlug, personForEmail } from './people.ts';
import { parseFlags, required, UsageError } from '../kit/args.ts';
import { ensureProvider } from '../kit/provider.ts';
import type { CliContext, CliSession } from '../kit/command.ts';
import { USAGE } from './index.ts';


export async function orgAdd(args: string[], cli: CliSession): Promise<number> {
  const flags = parseFlags(args, { name: { type: 'string' }, slug: { type: 'string' } }, USAGE.orgAdd);
  const name = required(flags.name, 'name', USAGE.orgAdd);
  const slug = required(flags.slug, 'slug', USAGE.orgAdd);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const org = await ctx.core.execute(createOrg, ctx.actor, { name, slug });
    process.stdout.write(`created client org "${org.name}" (slug ${org.slug}, id ${org.id})\n`);
    return 0;
  });
}

export async function personAdd(args: string[], cli: CliSession): Promise<number> {
  const u = USAGE.personAdd;
  const flags = parseFlags(
    args,
    {
      org: { type: 'string' },
      email: { type: 'string' },
      name: { type: 'string' },
      existing: { type: 'boolean' },
      'from-org': { type: 'string' },
      role: { type: 'string', multiple: true },
      'slack-team': { type: 'string' },
      'slack-user': { type: 'string' },
    },
    u,
  );
  const orgSlug = required(flags.org, 'org', u);
  const email = required(flags.email, 'email', u);
  // A new person by default; `--existing` adds the person already known by this email to a further org.
  if (flags.existing && flags.name !== undefined) throw new UsageError('--existing keeps the person\'s name; leave out --name', u);
  if (!flags.existing && flags['from-org'] !== undefined) throw new UsageError('--from-org goes with --existing', u);
  const name = flags.existing ? undefined : required(flags.name, 'name', u);
  // `--role a --role b` and `--role a,b` both work; the command checks each against the org's side.
  const roles = (flags.role ?? []).flatMap((r) => r.split(',')).map((r) => r.trim().toLowerCase()).filter(Boolean);
  if (roles.length === 0) {
    throw new UsageError(
      `--role is required (provider roles: ${PROVIDER_ROLES.join(', ')}; client roles: ${CLIENT_ROLES.join(', ')})`,
      u,
    );
  }
  const team = flags['slack-team'];
  const user = flags['slack-user'];
  if ((team === undefined) !== (user === undefined)) throw new UsageError('--slack-team and --slack-user go together', u);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const org = await orgForSlug(ctx, orgSlug);
    const existing = flags.existing
      ? await personForEmail(ctx, email, { orgSlug: flags['from-org'], flag: '--from-org' })
      : undefined;
    const person = await ctx.core.execute(addPerson, ctx.actor, {
      orgId: org.id,
      ...(existing ? { personId: existing.id } : { name, email }),
      // Unchecked here: the command's schema refuses unknown role names and names the field.
      roles: roles as Role[],
      slack: team && user ? { teamId: team, userId: user } : undefined,
    });
    process.stdout.write(
      `added ${person.name} <${person.email}> to ${org.name} (${org.slug}) as ${person.roles.join(', ')} (person id ${person.id})\n`,
    );
    return 0;
  });
}

export async function personRemove(args: string[], cli: CliSession): Promise<number> {
  const u = USAGE.personRemove;
  const flags = parseFlags(args, { org: { type: 'string' }, email: { type: 'string' }, reason: { type: 'string' } }, u);
  const orgSlug = required(flags.org, 'org', u);
  const email = required(flags.email, 'email', u).trim().toLowerCase();
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const org = await orgForSlug(ctx, orgSlug);
    const person = await personForEmail(ctx, email, { orgSlug, flag: '--org' });
    await ctx.core.execute(removePerson, ctx.actor, { orgId: org.id, personId: person.id, reason: flags.reason });
    process.stdout.write(`removed ${person.name} <${email}> from ${org.name} (${org.slug})\n`);
    return 0;
  });
}

export async function channelLink(args: string[], cli: CliSession): Promise<number> {
  const u = USAGE.channelLink;
  const flags = parseFlags(
    args,
    { org: { type: 'string' }, team: { type: 'string' }, channel: { type: 'string' }, purpose: { type: 'string' } },
    u,
  );
  const orgSlug = required(flags.org, 'org', u);
  const teamId = required(flags.team, 'team', u);
  const channelId = required(flags.channel, 'channel', u);
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const org = await orgForSlug(ctx, orgSlug);
    const link = await ctx.core.execute(linkChannel, ctx.actor, {
      orgId: org.id,
      teamId,
      channelId,
      purpose: flags.purpose?.trim().toLowerCase() as ChannelPurpose | undefined,
    });
    let moved = '';
    if (link.movedFromOrgId) {
      const from = await ctx.core.read(getOrg, ctx.actor, { orgId: link.movedFromOrgId }).catch(() => undefined);
      moved = ` (moved from ${from?.slug ?? link.movedFromOrgId})`;
    }
    process.stdout.write(`linked Slack channel ${link.teamId}/${link.channelId} to ${org.slug} as ${link.purpose}${moved}\n`);
    return 0;
  });
}

export async function tokenCreate(args: string[], cli: CliSession): Promise<number> {
  const u = USAGE.tokenCreate;
  const flags = parseFlags(
    args,
    { email: { type: 'string' }, org: { type: 'string' }, label: { type: 'string' }, expires: { type: 'string' } },
    u,
  );
  const email = required(flags.email, 'email', u).trim().toLowerCase();
  return cli.withCore(async (ctx) => {
    await ensureProvider(ctx);
    const person = await personForEmail(ctx, email, { orgSlug: flags.org, flag: '--org' });
    const created = await ctx.core.execute(createApiToken, ctx.actor, {
      personId: person.id,
      label: flags.label,
      // An unparsable date stays an Invalid Date, which the command's schema refuses.
      expiresAt: flags.expires === undefined ? undefined : new Date(flags.expires),
    });
    // stdout carries the secret alone, for `TOKEN=$(opsdesk token create ...)`; the rest is for the eye.
    process.stderr.write(
      `created token ${created.id} "${created.label}" for ${person.name} <${email}>` +
        `${created.expiresAt ? `, expires ${created.expiresAt.toISOString()}` : ''}; it is shown only now\n`,
    );
    process.stdout.write(`${created.token}\n`);
    return 0;
  });
}

export async function tokenRevoke(args: string[], cli: CliSession): Promise<number> {
  const u = USAGE.tokenRevoke;
  const flags = parseFlags(args, { id: { type: 'string' } }, u);
  const tokenId = required(flags.id, 'id', u).trim();
  return cli.withCore(async (ctx) => {
    const token = await ctx.core.execute(revokeApiToken, ctx.actor, { tokenId });
    process.stdout.write(`revoked token ${token.id} "${token.label}" at ${token.revokedAt?.toISOString()}\n`);
    return 0;
  });
}
