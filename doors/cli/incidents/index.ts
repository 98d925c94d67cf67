/** The incidents capability's part of the command line: incidents and maintenance windows. */
import type { CliPart } from '../kit/command.ts';

export const USAGE = {
  incidentsList: 'opsdesk incidents list [--days N] [--json]',
  incidentsDeclare: 'opsdesk incidents declare --title TITLE --service NAME|ID [--service …] --impact none|minor|major|critical --message TEXT [--status STATUS] [--json]',
  incidentsUpdate: 'opsdesk incidents update --id INCIDENT_ID --status investigating|identified|monitoring|resolved --message TEXT [--impact IMPACT] [--json]',
  maintenanceList: 'opsdesk maintenance list [--all] [--json]',
  maintenanceSchedule: 'opsdesk maintenance schedule --title TITLE --service NAME|ID [--service …] --start ISO-TIME --end ISO-TIME [--description TEXT] [--json]',
  maintenanceCancel: 'opsdesk maintenance cancel --id WINDOW_ID [--reason TEXT] [--json]',
};

const commands = () => import('./commands.ts');

export default {
  commands: [
    { name: 'incidents list', usage: USAGE.incidentsList, summary: 'open incidents and those resolved in the last 7 days (or --days)', load: async () => (await commands()).incidentsList },
    { name: 'incidents declare', usage: USAGE.incidentsDeclare, summary: 'declare an incident; the orgs that use its services are told at once', load: async () => (await commands()).incidentsDeclare },
    { name: 'incidents update', usage: USAGE.incidentsUpdate, summary: "post a public update on an incident; 'resolved' resolves it", load: async () => (await commands()).incidentsUpdate },
    { name: 'maintenance list', usage: USAGE.maintenanceList, summary: 'maintenance windows not yet over (--all: the past and cancelled too)', load: async () => (await commands()).maintenanceList },
    {
      name: 'maintenance schedule',
      usage: USAGE.maintenanceSchedule,
      summary: "add a maintenance window for some services: their alarms do not page during it; the orgs that use them are told",
      load: async () => (await commands()).maintenanceSchedule,
    },
    { name: 'maintenance cancel', usage: USAGE.maintenanceCancel, summary: 'cancel a window added by hand; alarms it held page at once', load: async () => (await commands()).maintenanceCancel },
  ],
} satisfies CliPart;
