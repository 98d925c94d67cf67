/**
 * GraphQL enum values and the internal values they stand for, used by the resolvers and by the
 * code generator (codegen.ts), so the two can never disagree.
 */
export const roleEnum = {
  AGENT: 'agent',
  ONCALL: 'oncall',
  ACCESS_APPROVER: 'access_approver',
  PRODUCT_OWNER: 'product_owner',
  ADMIN: 'admin',
  CONTACT: 'contact',
  SPACE_ADMIN: 'space_admin',
  SPACE_OWNER: 'space_owner',
  CONTRACT_ADMIN: 'contract_admin',
  CONTRACT_OWNER: 'contract_owner',
} as const;

export const orgKindEnum = { PROVIDER: 'provider', CLIENT: 'client' } as const;

export const channelPurposeEnum = {
  CLIENT: 'client',
  SUPPORT: 'support',
  ONCALL: 'oncall',
  ANNOUNCEMENTS: 'announcements',
} as const;

export const releaseKindEnum = { REGULAR: 'regular', URGENT_MAINTENANCE: 'urgent' } as const;

export const releaseStatusEnum = {
  PLANNED: 'planned',
  ANNOUNCED: 'announced',
  IN_WINDOW: 'in_window',
  COMPLETED: 'completed',
  CANCELLED: 'cancelled',
} as const;

export const announcementStatusEnum = { ACTIVE: 'active', CANCELLED: 'cancelled', COMPLETED: 'completed' } as const;

export const installationKindEnum = { SERVER: 'server', CLIENT: 'client', CLOUD: 'cloud' } as const;
export const ticketKindEnum = {
  INCIDENT: 'incident',
  QUESTION: 'question',
  FEATURE_REQUEST: 'feature_request',
  SERVICE_ORDER: 'service_order',
} as const;

export const sideEnum = { CLIENT: 'client', PROVIDER: 'provider' } as const;

export const slaClockEnum = { WORKING: 'working', CONTINUOUS: 'continuous' } as const;

export const clientApprovalRuleEnum = { REQUIRED: 'required', PROVIDER_FOR_URGENT: 'provider_for_urgent' } as const;
