/** The directory's part of the command line: orgs, people, channels, workspaces, tokens. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  orgAdd: 'opsdesk org add --name NAME --slug SLUG',
  personAdd:
    'opsdesk person add --org SLUG (--email EMAIL --name NAME | --existing --email EMAIL [--from-org SLUG]) --role ROLE [--role ROLE ...] [--slack-team T --slack-user U]',
  personRemove: 'opsdesk person remove --org SLUG --email EMAIL [--reason TEXT]',
  channelLink: 'opsdesk channel link --org SLUG --team TEAM_ID --channel CHANNEL_ID [--purpose client|support|oncall|announcements]',
  tokenCreate: 'opsdesk token create --email EMAIL [--org SLUG] [--label LABEL] [--expires ISO-8601]',
  tokenRevoke: 'opsdesk token revoke --id TOKEN_ID',
};

export const WORKSPACE_USAGE = {
  add: 'opsdesk workspace add --org SLUG --team TEAM_ID',
  remove: 'opsdesk workspace remove --org SLUG --team TEAM_ID',
  list: 'opsdesk workspace list [--org SLUG]',
};

const commands = () => import('./commands.ts');
const workspaces = () => import('./workspaces.ts');

export default {
  commands: [
    { name: 'org add', usage: USAGE.orgAdd, summary: 'create a client organisation', load: async () => (await commands()).orgAdd },
    {
      name: 'person add',
      usage: USAGE.personAdd,
      summary: 'add a new person to an org with roles (and their Slack identity); with --existing, add the person that email names to a further org',
      load: async () => (await commands()).personAdd,
    },
    {
      name: 'person remove',
      usage: USAGE.personRemove,
      summary: 'remove a person from an org; with their last org, revoke their tokens and unlink their Slack identities',
      load: async () => (await commands()).personRemove,
    },
    {
      name: 'channel link',
      usage: USAGE.channelLink,
      summary: "link a Slack channel to an org: client (a client org's shared channel, or its announcements); support, oncall or announcements (the provider's)",
      load: async () => (await commands()).channelLink,
    },
    {
      name: 'workspace add',
      usage: WORKSPACE_USAGE.add,
      summary: "register a Slack workspace as a client org's own: its users may become the org's contacts in the org's channels",
      load: async () => (await workspaces()).workspaceAdd,
    },
    { name: 'workspace remove', usage: WORKSPACE_USAGE.remove, summary: "take a workspace off the org's", load: async () => (await workspaces()).workspaceRemove },
    { name: 'workspace list', usage: WORKSPACE_USAGE.list, summary: 'the Slack workspaces of every client org (or of one)', load: async () => (await workspaces()).workspaceList },
    {
      name: 'token create',
      usage: USAGE.tokenCreate,
      summary: 'create an API token; prints only the token on stdout; --org says whose, when people of several orgs share the email',
      load: async () => (await commands()).tokenCreate,
    },
    { name: 'token revoke', usage: USAGE.tokenRevoke, summary: 'revoke an API token', load: async () => (await commands()).tokenRevoke },
  ],
} satisfies CliPart;
