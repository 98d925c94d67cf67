/** The shape of an inbound mail as the email door hands it to the core, parsed and bounded. */
import { z } from 'zod';

export const sourceNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'a source name is 1-63 lower-case letters, digits, dots, dashes and underscores');

const address = z.string().trim().toLowerCase().max(320);
const messageId = z.string().trim().min(1).max(1000);

export const inboundMailSchema = z.object({
  /** Without angle brackets. */
  messageId,
  /** The mail source's name, or `imap`. */
  source: z.string().min(1).max(100),
  from: address.min(3),
  fromName: z.string().max(500).nullable(),
  /** To, Cc, Delivered-To and X-Original-To addresses. */
  recipients: z.array(address).max(500),
  subject: z.string().max(2000),
  /** The plain text as received; the core trims quoted history and signature. */
  text: z.string().max(5_000_000),
  attachments: z.array(z.object({ name: z.string().max(500), size: z.number().int().min(0) })).max(500),
  /** In-Reply-To then References, without angle brackets. */
  references: z.array(messageId).max(200),
  /** The Authentication-Results header values, topmost first. */
  authenticationResults: z.array(z.string().max(20_000)).max(100),
  /** Size of the raw message in bytes. */
  size: z.number().int().min(0),
});

export type InboundMail = z.output<typeof inboundMailSchema>;
