/** Mail sources: who may deliver raw mail to `POST /hooks/email/:source`, each with its own secret (shown once, stored hashed). */
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { mailSources } from '../../db/schema.ts';
import { defineCommand } from '../command.ts';
import { OpsdeskError } from '../errors.ts';
import { defineQuery } from '../query.ts';
import { hashToken, secretMatches } from '../directory/index.ts';
import { MailSourceEvents } from './events.ts';
import { sourceNameSchema } from './internal/schemas.ts';
import { mailPolicy, MAIL_SOURCE } from './policy.ts';

const newSecret = () => 'oms_' + randomBytes(32).toString('base64url');

export interface MailSourceView {
  id: string;
  name: string;
  createdAt: Date;
}

export interface MailSourceWithSecret extends MailSourceView {
  /** Shown only here, once. */
  secret: string;
}

export const createMailSource = defineCommand({
  name: 'createMailSource',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input): Promise<MailSourceWithSecret> {
    mailPolicy.authorize(ctx.actor, 'mail.manage', MAIL_SOURCE);
    const [existing] = await ctx.tx.select({ id: mailSources.id }).from(mailSources).where(eq(mailSources.name, input.name));
    if (existing) throw new OpsdeskError('CONFLICT', `a mail source named ${input.name} already exists`);
    const secret = newSecret();
    const [source] = await ctx.tx.insert(mailSources).values({ name: input.name, secretHash: hashToken(secret), createdAt: ctx.now }).returning();
    await ctx.record(MailSourceEvents.created(source!, { name: input.name }));
    return { id: source!.id, name: source!.name, createdAt: source!.createdAt, secret };
  },
});

/** A new secret for a source; the old one stops working at once. */
export const rotateMailSourceSecret = defineCommand({
  name: 'rotateMailSourceSecret',
  input: z.object({ name: sourceNameSchema }),
  async run(ctx, input): Promise<MailSourceWithSecret> {
    mailPolicy.authorize(ctx.actor, 'mail.manage', MAIL_SOURCE);
    const secret = newSecret();
    const [source] = await ctx.tx.update(mailSources).set({ secretHash: hashToken(secret) }).where(eq(mailSources.name, input.name)).returning();
    if (!source) throw mailPolicy.notFound(MAIL_SOURCE);
    await ctx.record(MailSourceEvents.secretRotated(source, { name: source.name }));
    return { id: source.id, name: source.name, createdAt: source.createdAt, secret };
  },
});

/** Which source a webhook's bearer secret is, or null: for the email door's system actor. */
export const authenticateMailSource = defineQuery({
  name: 'authenticateMailSource',
  input: z.object({ name: z.string(), secret: z.string().optional() }),
  async run({ db, actor }, { name, secret }): Promise<MailSourceView | null> {
    mailPolicy.authorize(actor, 'mail.receive', MAIL_SOURCE);
    if (!secret || secret.length > 200) return null;
    const parsed = sourceNameSchema.safeParse(name);
    if (!parsed.success) return null;
    const [source] = await db.select().from(mailSources).where(eq(mailSources.name, parsed.data));
    if (!source) return null;
    if (!secretMatches(secret, source.secretHash)) return null;
    return { id: source.id, name: source.name, createdAt: source.createdAt };
  },
});
