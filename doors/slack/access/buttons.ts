/**
 * The request card's buttons, each run by the one runner (kit/buttons.ts) as the person who pressed
 * it; the value of each is the request id. They check nothing themselves: a refusal is the
 * command's (or the query's), and reaches only the presser. Every card is re-rendered by the
 * notifier from the committed event.
 *
 *   Approve                    `decideAccess` APPROVE at once
 *   Deny                       a modal for an optional comment (its submission denies)
 *   Cancel / End now / Revoke  `cancelAccessRequest` / `endAccess` / `revokeAccess`
 *   Request extension          the request modal, prefilled from the grant it extends
 */
import { accessCard, accessRequestForm, cancelAccessRequest, decideAccess, endAccess, revokeAccess } from '../../../core/access/index.ts';
import { defineButton, idValue, type Press } from '../kit/buttons.ts';
import { ACCESS_ACTIONS, denyView, requestView } from './presenters.ts';

/** A button that runs one command on the request its value names. */
const onRequest = (actionId: string, act: (press: Press<string>) => Promise<unknown>) =>
  defineButton({
    actionId,
    value: idValue,
    run: async (press) => {
      await act(press);
    },
  });

const approve = onRequest(ACCESS_ACTIONS.approve, ({ actor, value, deps }) => deps.core.execute(decideAccess, actor, { requestId: value, decision: 'APPROVE' }));
const cancel = onRequest(ACCESS_ACTIONS.cancel, ({ actor, value, deps }) => deps.core.execute(cancelAccessRequest, actor, { requestId: value }));
const end = onRequest(ACCESS_ACTIONS.end, ({ actor, value, deps }) => deps.core.execute(endAccess, actor, { requestId: value }));
const revoke = onRequest(ACCESS_ACTIONS.revoke, ({ actor, value, deps }) => deps.core.execute(revokeAccess, actor, { requestId: value }));

/** Deny asks for a comment first; the modal opens right after the acknowledgement. */
const deny = defineButton({
  actionId: ACCESS_ACTIONS.deny,
  value: idValue,
  run: async ({ actor, value, deps }) => ({ modal: denyView(await deps.core.read(accessCard, actor, { requestId: value })) }),
});

/** An extension is a new request: the modal opens with the grant's org and duty. */
const extend = defineButton({
  actionId: ACCESS_ACTIONS.extend,
  value: idValue,
  run: async ({ actor, value, deps }) => ({ modal: requestView(await deps.core.read(accessRequestForm, actor, { extendsRequestId: value })) }),
});

export const ACCESS_BUTTONS = [approve, deny, cancel, end, revoke, extend];
