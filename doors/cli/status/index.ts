/** The service status capability's part of the command line: services, their probes and heartbeats. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  servicesList: 'opsdesk services list [--json]',
  servicesCreate: 'opsdesk services create --name NAME [--description TEXT] [--public] [--json]',
  servicesArchive: 'opsdesk services archive --service NAME|ID [--json]',
  probesAdd:
    'opsdesk probes add --service NAME|ID --name NAME --url URL [--interval SECONDS] [--method GET|HEAD] [--expect STATUS] [--timeout-ms MS] [--contains TEXT] [--failures N] [--successes M] [--json]',
  probesRemove: 'opsdesk probes remove --id PROBE_ID [--json]',
  heartbeatsAdd: 'opsdesk heartbeats add --service NAME|ID --name NAME --interval SECONDS [--grace SECONDS] [--json]',
  heartbeatsRotate: 'opsdesk heartbeats rotate --id HEARTBEAT_ID [--json]',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    { name: 'services list', usage: USAGE.servicesList, summary: 'the services with their state, public or internal, and who uses them', load: async () => (await commands()).servicesList },
    { name: 'services create', usage: USAGE.servicesCreate, summary: 'add a service (used by every client org; --public shows it on the status page)', load: async () => (await commands()).servicesCreate },
    { name: 'services archive', usage: USAGE.servicesArchive, summary: 'archive a service: its probes stop, its history stays', load: async () => (await commands()).servicesArchive },
    { name: 'probes add', usage: USAGE.probesAdd, summary: "add an HTTP(S) probe to a service; its first check runs when the server's timers next run", load: async () => (await commands()).probesAdd },
    { name: 'probes remove', usage: USAGE.probesRemove, summary: 'stop a probe; its history stays', load: async () => (await commands()).probesRemove },
    {
      name: 'heartbeats add',
      usage: USAGE.heartbeatsAdd,
      summary: 'add a heartbeat to a service; prints only its secret on stdout (or JSON with --json)',
      load: async () => (await commands()).heartbeatsAdd,
    },
    { name: 'heartbeats rotate', usage: USAGE.heartbeatsRotate, summary: "replace a heartbeat's secret; the old one stops working at once", load: async () => (await commands()).heartbeatsRotate },
  ],
} satisfies CliPart;
