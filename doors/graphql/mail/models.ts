/** What the inbound mail resolvers return for each GraphQL type (codegen mappers). */
import type { MailSourceView, QuarantinedMailRow } from '../../../core/mail/index.ts';

export type QuarantinedMailModel = QuarantinedMailRow;
export type MailSourceModel = MailSourceView;
