/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      slack {\n        teamId\n        userId\n      }\n      memberships {\n        roles\n        followsTickets\n        org {\n          id\n          kind\n          name\n          slug\n        }\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  query OrgStatus($orgId: ID!) {\n    orgStatus(orgId: $orgId) {\n      orgId\n      orgName\n      generatedAt\n      overall\n      availabilityRule\n      days\n      services {\n        id\n        name\n        description\n        state\n        stateLabel\n        availabilityPercent\n        availabilityDays {\n          date\n          percent\n        }\n        last24Hours {\n          ...ResponseTimesFields\n        }\n        last7Days {\n          ...ResponseTimesFields\n        }\n        last90Days {\n          ...ResponseTimesFields\n        }\n      }\n      incidents {\n        id\n        title\n        impact\n        impactLabel\n        status\n        statusLabel\n        openedAt\n        resolvedAt\n        services\n        updates {\n          status\n          statusLabel\n          message\n          at\n        }\n      }\n      maintenance {\n        id\n        title\n        description\n        startsAt\n        endsAt\n        state\n        services\n      }\n    }\n  }\n  fragment ResponseTimesFields on ResponseTimes {\n    p50Ms\n    p95Ms\n    chart {\n      starts\n      p50Ms\n      p95Ms\n    }\n  }\n": typeof types.OrgStatusDocument,
    "\n  subscription OrgStatusChanged($orgId: ID!) {\n    orgStatusChanged(orgId: $orgId) {\n      orgId\n      at\n    }\n  }\n": typeof types.OrgStatusChangedDocument,
    "\n  query Orgs {\n    orgs {\n      id\n      kind\n      name\n      slug\n    }\n  }\n": typeof types.OrgsDocument,
    "\n  query Staff($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      roles\n    }\n  }\n": typeof types.StaffDocument,
    "\n  fragment AccessRow on AccessRequest {\n    id\n    org {\n      id\n      name\n    }\n    requester {\n      id\n      name\n    }\n    ticket {\n      key\n    }\n    otherDutyJustification\n    reason\n    scope\n    durationMinutes\n    status\n    statusLabel\n    clientApprovalRequired\n    providerApprovedBy {\n      name\n    }\n    clientApprovedBy {\n      name\n    }\n    pendingUntil\n    startedAt\n    expiresAt\n    createdAt\n  }\n": typeof types.AccessRowFragmentDoc,
    "\n  query AccessPage {\n    open: accessRequests(filter: { status: [PENDING, ACTIVE] }, first: 24) {\n      nodes {\n        ...AccessRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AccessPageDocument,
    "\n  query AccessHistory {\n    accessRequests(filter: { status: [EXPIRED, ENDED, REVOKED, DENIED, CANCELLED, TIMED_OUT] }, first: 25) {\n      nodes {\n        id\n        createdAt\n        org {\n          name\n        }\n        requester {\n          name\n        }\n        statusLabel\n        closedAt\n        closedBy {\n          name\n        }\n        closeReason\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AccessHistoryDocument,
    "\n  query AccessEligible {\n    accessEligible {\n      personId\n    }\n  }\n": typeof types.AccessEligibleDocument,
    "\n  query AccessTickets($orgId: ID!) {\n    tickets(filter: { orgId: $orgId, status: [RECEIVED, IN_PROGRESS, AWAITING_CLIENT, BUG_LOGGED, RESOLVED] }, first: 100) {\n      nodes {\n        id\n        key\n        title\n      }\n    }\n  }\n": typeof types.AccessTicketsDocument,
    "\n  subscription AccessLive($orgId: ID!) {\n    accessEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": typeof types.AccessLiveDocument,
    "\n  mutation DecideAccess($requestId: ID!, $decision: AccessVerdict!, $comment: String) {\n    decideAccess(requestId: $requestId, decision: $decision, comment: $comment) {\n      ...AccessRow\n    }\n  }\n": typeof types.DecideAccessDocument,
    "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      ...AccessRow\n    }\n  }\n": typeof types.RequestAccessDocument,
    "\n  mutation CancelAccessRequest($requestId: ID!) {\n    cancelAccessRequest(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n": typeof types.CancelAccessRequestDocument,
    "\n  mutation EndAccess($requestId: ID!) {\n    endAccess(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n": typeof types.EndAccessDocument,
    "\n  mutation RevokeAccess($requestId: ID!, $reason: String) {\n    revokeAccess(requestId: $requestId, reason: $reason) {\n      ...AccessRow\n    }\n  }\n": typeof types.RevokeAccessDocument,
    "\n  fragment AlarmRow on Alarm {\n    id\n    source\n    summary\n    severity\n    service\n    state\n    count\n    triggeredAt\n    lastSeenAt\n    escalationStep\n    escalationPolicy {\n      name\n    }\n    acknowledgedBy\n    acknowledgedAt\n    resolvedBy\n    resolvedAt\n    rootCause\n    followUpOpen\n    disasterRecoveryAt\n  }\n": typeof types.AlarmRowFragmentDoc,
    "\n  query AlarmsPage {\n    open: alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 20) {\n      nodes {\n        ...AlarmRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    followUps: alarms(filter: { followUpOpen: true }, first: 20) {\n      nodes {\n        id\n        summary\n        source\n        resolvedBy\n        resolvedAt\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    onCall {\n      schedule {\n        id\n        name\n        timeZone\n      }\n      now {\n        personId\n        from\n        until\n        override\n      }\n      next {\n        personId\n        from\n        until\n        override\n      }\n    }\n  }\n": typeof types.AlarmsPageDocument,
    "\n  subscription AlarmsLive {\n    alarmEvents {\n      id\n      type\n    }\n  }\n": typeof types.AlarmsLiveDocument,
    "\n  mutation AcknowledgeAlarm($id: ID!) {\n    acknowledgeAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n": typeof types.AcknowledgeAlarmDocument,
    "\n  mutation EscalateAlarm($id: ID!) {\n    escalateAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n": typeof types.EscalateAlarmDocument,
    "\n  mutation ResolveAlarm($id: ID!, $rootCause: String) {\n    resolveAlarm(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n": typeof types.ResolveAlarmDocument,
    "\n  mutation WriteRootCause($id: ID!, $rootCause: String!) {\n    writeRootCause(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n": typeof types.WriteRootCauseDocument,
    "\n  fragment ReleaseFacts on Release {\n    id\n    version\n    title\n    changeLog\n    downtime\n    windowStart\n    windowEnd\n    kind\n    urgentReason\n    status\n    preview {\n      start\n      end\n      url\n    }\n  }\n": typeof types.ReleaseFactsFragmentDoc,
    "\n  query AnnouncementsPage {\n    mine: myPendingAnnouncements {\n      id\n      shortNotice\n      release {\n        ...ReleaseFacts\n      }\n    }\n    announcements(first: 20) {\n      nodes {\n        id\n        status\n        announcedAt\n        shortNotice\n        release {\n          ...ReleaseFacts\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": typeof types.AnnouncementsPageDocument,
    "\n  query PlannedReleases {\n    releases(first: 20) {\n      nodes {\n        ...ReleaseFacts\n      }\n    }\n  }\n": typeof types.PlannedReleasesDocument,
    "\n  query AnnouncementAcknowledgements($id: ID!) {\n    announcement(id: $id) {\n      id\n      acknowledgementsByOrg {\n        orgId\n        orgName\n        acknowledged {\n          personId\n        }\n        pending {\n          personId\n          name\n        }\n      }\n    }\n  }\n": typeof types.AnnouncementAcknowledgementsDocument,
    "\n  subscription AnnouncementsLive($orgId: ID) {\n    announcementEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": typeof types.AnnouncementsLiveDocument,
    "\n  mutation AcknowledgeAnnouncement($announcementId: ID!) {\n    acknowledgeAnnouncement(announcementId: $announcementId) {\n      announcementId\n      acknowledgedAt\n    }\n  }\n": typeof types.AcknowledgeAnnouncementDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        chainId\n        seq\n        at\n        actorType\n        actorId\n        actorName\n        door\n        orgId\n        action\n        subjectType\n        subjectId\n        data\n        requestId\n        prevHash\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.AuditEventsDocument,
    "\n  query VerifyAuditTrail($orgId: ID!, $checkpoint: String) {\n    verifyAuditTrail(orgId: $orgId, checkpoint: $checkpoint) {\n      ok\n      chainId\n      events\n      headHash\n      brokenAtSeq\n      reason\n      problems {\n        kind\n        seq\n        message\n      }\n      moreProblems\n      checkpointSize\n    }\n  }\n": typeof types.VerifyAuditTrailDocument,
    "\n  query AuditCheckpoints($orgId: ID!) {\n    auditCheckpoints(orgId: $orgId, first: 20) {\n      nodes {\n        orgId\n        seq\n        size\n        headHash\n        signedAt\n        keyId\n        reason\n        note\n      }\n    }\n  }\n": typeof types.AuditCheckpointsDocument,
    "\n  mutation SignAuditCheckpoint($orgId: ID!) {\n    signAuditCheckpoint(orgId: $orgId) {\n      seq\n      size\n    }\n  }\n": typeof types.SignAuditCheckpointDocument,
    "\n  subscription AuditOrgLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n    }\n  }\n": typeof types.AuditOrgLiveDocument,
    "\n  subscription AuditCheckpointLive($orgId: ID!) {\n    auditCheckpointSigned(orgId: $orgId) {\n      seq\n    }\n  }\n": typeof types.AuditCheckpointLiveDocument,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n      updates {\n        id\n        status\n        message\n        byName\n        at\n      }\n      alarmIds\n      ticketIds\n    }\n  }\n": typeof types.IncidentPageDocument,
    "\n  query IncidentsPage {\n    incidents {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      updatedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n    }\n  }\n": typeof types.IncidentsPageDocument,
    "\n  query MaintenancePage($all: Boolean) {\n    maintenanceWindows(all: $all) {\n      id\n      title\n      description\n      startsAt\n      endsAt\n      state\n      releaseId\n      allPublic\n      services {\n        id\n        name\n      }\n    }\n  }\n": typeof types.MaintenancePageDocument,
    "\n  query PeoplePage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      email\n      roles\n      emailBouncing {\n        address\n        since\n        reason\n      }\n      tokens {\n        id\n        label\n        createdAt\n        expiresAt\n        revokedAt\n      }\n    }\n  }\n": typeof types.PeoplePageDocument,
    "\n  subscription PeopleLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": typeof types.PeopleLiveDocument,
    "\n  mutation AddPerson($input: AddPersonInput!) {\n    addPerson(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.AddPersonDocument,
    "\n  mutation SetRoles($input: SetRolesInput!) {\n    setRoles(input: $input) {\n      id\n      roles\n    }\n  }\n": typeof types.SetRolesDocument,
    "\n  mutation RemovePerson($input: RemovePersonInput!) {\n    removePerson(input: $input) {\n      personId\n    }\n  }\n": typeof types.RemovePersonDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n      }\n    }\n  }\n": typeof types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": typeof types.RevokeApiTokenDocument,
    "\n  mutation ClearEmailBounce($personId: ID!) {\n    clearEmailBounce(personId: $personId)\n  }\n": typeof types.ClearEmailBounceDocument,
    "\n  query QuarantinePage($status: QuarantineStatus!, $first: Int!) {\n    mailQuarantine(status: $status, first: $first) {\n      id\n      sender\n      senderName\n      subject\n      reason\n      text\n      attachments {\n        name\n        size\n      }\n      receivedAt\n      status\n      resolvedAt\n      ticketId\n    }\n  }\n": typeof types.QuarantinePageDocument,
    "\n  query Queue($filter: TicketFilter, $first: Int, $after: String) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        key\n        title\n        kind\n        status\n        statusLabel\n        severity\n        agreement\n        proposal {\n          severity\n          awaiting\n        }\n        org {\n          id\n          name\n        }\n        assignee {\n          id\n          name\n        }\n        slaDueAt\n        slaBreachedAt\n        slaWarnedAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.QueueDocument,
    "\n  subscription QueueEvents($orgId: ID!) {\n    ticketEvents(orgId: $orgId) {\n      id\n      type\n      ticketId\n    }\n  }\n": typeof types.QueueEventsDocument,
    "\n  mutation OpenTicket($input: OpenTicketInput!) {\n    openTicket(input: $input) {\n      id\n      key\n    }\n  }\n": typeof types.OpenTicketDocument,
    "\n  mutation CreateRelease($input: CreateReleaseInput!) {\n    createRelease(input: $input) {\n      id\n      version\n    }\n  }\n": typeof types.CreateReleaseDocument,
    "\n  mutation AnnounceRelease($input: AnnounceReleaseInput!) {\n    announceRelease(input: $input) {\n      orgs\n      recipients\n    }\n  }\n": typeof types.AnnounceReleaseDocument,
    "\n  mutation CancelRelease($releaseId: ID!, $reason: String) {\n    cancelRelease(releaseId: $releaseId, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.CancelReleaseDocument,
    "\n  query SlaReport($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      org {\n        id\n        name\n      }\n      month\n      timeZone\n      complete\n      severities {\n        severity\n        target {\n          minutes\n          clock\n        }\n        figures {\n          ...TicketFiguresFields\n        }\n      }\n      total {\n        ...TicketFiguresFields\n      }\n      breaches {\n        ticketId\n        key\n        title\n        severity\n        openedAt\n        dueAt\n        breachedAt\n        firstResponseAt\n      }\n      alarms {\n        ...AlarmFiguresFields\n      }\n      providerAlarms {\n        ...AlarmFiguresFields\n      }\n    }\n  }\n  fragment TicketFiguresFields on TicketFigures {\n    opened\n    responded\n    responseMedianSeconds\n    responseP90Seconds\n    met\n    breached\n    pending\n    noTarget\n    metRatio\n  }\n  fragment AlarmFiguresFields on AlarmFigures {\n    triggered\n    acknowledged\n    ackMedianSeconds\n    ackP90Seconds\n    resolved\n    resolveMedianSeconds\n    resolveP90Seconds\n    escalated\n    escalations\n    disasterRecoveries\n    followUpsOpen\n  }\n": typeof types.SlaReportDocument,
    "\n  query ServicePage($id: ID!) {\n    service(id: $id) {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n      createdAt\n    }\n  }\n": typeof types.ServicePageDocument,
    "\n  query ServiceChecks($id: ID!) {\n    serviceChecks(serviceId: $id) {\n      probes {\n        id\n        name\n        method\n        url\n        expectedStatus\n        timeoutMs\n        bodyContains\n        intervalSeconds\n        failureThreshold\n        successThreshold\n        state\n        lastCheckedAt\n      }\n      heartbeats {\n        id\n        name\n        intervalSeconds\n        graceSeconds\n        state\n        lastBeatAt\n        dueBy\n      }\n      alarmMatches {\n        source\n        alarmService\n      }\n    }\n  }\n": typeof types.ServiceChecksDocument,
    "\n  mutation ArchiveService($id: ID!) {\n    archiveService(serviceId: $id) {\n      id\n    }\n  }\n": typeof types.ArchiveServiceDocument,
    "\n  query ServicesPage {\n    services {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n    }\n  }\n": typeof types.ServicesPageDocument,
    "\n  mutation CreateService($input: CreateServiceInput!) {\n    createService(input: $input) {\n      id\n      name\n    }\n  }\n": typeof types.CreateServiceDocument,
    "\n  query SettingsPage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      phone\n      notificationChoices {\n        kind\n        channels\n        chosen\n      }\n    }\n  }\n": typeof types.SettingsPageDocument,
    "\n  fragment TicketDetail on Ticket {\n    id\n    key\n    title\n    description\n    kind\n    status\n    statusLabel\n    severity\n    severityAgreedAt\n    agreement\n    proposal {\n      severity\n      by\n      awaiting\n      proposedBy {\n        id\n        name\n      }\n    }\n    org {\n      id\n      name\n    }\n    initiator {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    slaDueAt\n    slaWarnedAt\n    slaBreachedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        id\n        name\n      }\n      side\n      body\n      door\n      createdAt\n    }\n  }\n": typeof types.TicketDetailFragmentDoc,
    "\n  query TicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      ...TicketDetail\n    }\n  }\n": typeof types.TicketByKeyDocument,
    "\n  query TicketById($id: ID!) {\n    ticket(id: $id) {\n      ...TicketDetail\n    }\n  }\n": typeof types.TicketByIdDocument,
    "\n  subscription TicketLive($ticketId: ID!) {\n    ticketEvents(ticketId: $ticketId) {\n      id\n      type\n      at\n      actorId\n      payload\n    }\n  }\n": typeof types.TicketLiveDocument,
    "\n  mutation ProposeSeverity($ticketId: ID!, $severity: Severity!) {\n    proposeSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n": typeof types.ProposeSeverityDocument,
    "\n  mutation AcceptSeverity($ticketId: ID!, $severity: Severity) {\n    acceptSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n": typeof types.AcceptSeverityDocument,
    "\n  mutation AssignTicket($ticketId: ID!, $assigneeId: ID) {\n    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {\n      ...TicketDetail\n    }\n  }\n": typeof types.AssignTicketDocument,
    "\n  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!) {\n    changeTicketStatus(ticketId: $ticketId, status: $status) {\n      ...TicketDetail\n    }\n  }\n": typeof types.ChangeTicketStatusDocument,
    "\n  mutation CommentOnTicket($ticketId: ID!, $body: String!) {\n    commentOnTicket(ticketId: $ticketId, body: $body) {\n      ticket {\n        ...TicketDetail\n      }\n      comment {\n        id\n      }\n    }\n  }\n": typeof types.CommentOnTicketDocument,
    "\n  mutation ApproveClosure($ticketId: ID!) {\n    approveClosure(ticketId: $ticketId) {\n      ...TicketDetail\n    }\n  }\n": typeof types.ApproveClosureDocument,
    "\n  mutation ReopenTicket($ticketId: ID!, $reason: String) {\n    reopenTicket(ticketId: $ticketId, reason: $reason) {\n      ...TicketDetail\n    }\n  }\n": typeof types.ReopenTicketDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) {\n    declareIncident(input: $input) {\n      id\n    }\n  }\n": typeof types.DeclareIncidentDocument,
    "\n  query LinkedAlarm($id: ID!) {\n    alarm(id: $id) {\n      id\n      summary\n      state\n      source\n    }\n  }\n": typeof types.LinkedAlarmDocument,
    "\n  query LinkedTicket($id: ID!) {\n    ticket(id: $id) {\n      id\n      key\n      title\n    }\n  }\n": typeof types.LinkedTicketDocument,
    "\n  query OpenAlarmChoices {\n    alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 50) {\n      nodes {\n        id\n        summary\n        source\n      }\n    }\n  }\n": typeof types.OpenAlarmChoicesDocument,
    "\n  query IncidentTicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n    }\n  }\n": typeof types.IncidentTicketByKeyDocument,
    "\n  mutation LinkIncidentAlarm($incidentId: ID!, $alarmId: ID!) {\n    linkIncidentAlarm(incidentId: $incidentId, alarmId: $alarmId) {\n      id\n    }\n  }\n": typeof types.LinkIncidentAlarmDocument,
    "\n  mutation LinkIncidentTicket($incidentId: ID!, $ticketId: ID!) {\n    linkIncidentTicket(incidentId: $incidentId, ticketId: $ticketId) {\n      id\n    }\n  }\n": typeof types.LinkIncidentTicketDocument,
    "\n  mutation ScheduleMaintenance($input: ScheduleMaintenanceInput!) {\n    scheduleMaintenance(input: $input) {\n      id\n      title\n    }\n  }\n": typeof types.ScheduleMaintenanceDocument,
    "\n  mutation RescheduleMaintenance($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!, $reason: String) {\n    rescheduleMaintenance(windowId: $id, startsAt: $startsAt, endsAt: $endsAt, reason: $reason) {\n      id\n    }\n  }\n": typeof types.RescheduleMaintenanceDocument,
    "\n  mutation CancelMaintenance($id: ID!, $reason: String) {\n    cancelMaintenance(windowId: $id, reason: $reason) {\n      id\n    }\n  }\n": typeof types.CancelMaintenanceDocument,
    "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      id\n      status\n    }\n  }\n": typeof types.PostIncidentUpdateDocument,
    "\n  query ServiceChoices {\n    services {\n      id\n      name\n      isPublic\n    }\n  }\n": typeof types.ServiceChoicesDocument,
    "\n  subscription IncidentsLive($orgId: ID) {\n    incidentEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": typeof types.IncidentsLiveDocument,
    "\n  mutation AssignQuarantinedMail($id: ID!, $orgId: ID, $ticketId: ID) {\n    assignQuarantinedMail(id: $id, orgId: $orgId, ticketId: $ticketId) {\n      mail {\n        id\n        status\n      }\n      ticket {\n        id\n        key\n      }\n    }\n  }\n": typeof types.AssignQuarantinedMailDocument,
    "\n  mutation DropQuarantinedMail($id: ID!, $reason: String) {\n    dropQuarantinedMail(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": typeof types.DropQuarantinedMailDocument,
    "\n  query TicketIdByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n      key\n    }\n  }\n": typeof types.TicketIdByKeyDocument,
    "\n  query SearchTickets($search: String!, $filter: TicketFilter, $openedFrom: DateTime, $openedBefore: DateTime, $first: Int, $after: String) {\n    searchTickets(search: $search, filter: $filter, openedFrom: $openedFrom, openedBefore: $openedBefore, first: $first, after: $after) {\n      nodes {\n        ticket {\n          id\n          key\n          title\n          statusLabel\n          org {\n            id\n            name\n          }\n        }\n        field\n        highlight {\n          text\n          hit\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.SearchTicketsDocument,
    "\n  query SlaSatisfaction($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      satisfaction {\n        ratings\n        average\n        distribution\n      }\n    }\n  }\n": typeof types.SlaSatisfactionDocument,
    "\n  mutation SetServiceAlarmMatches($id: ID!, $matches: [ServiceAlarmMatchInput!]!) {\n    setServiceAlarmMatches(serviceId: $id, matches: $matches) {\n      source\n      alarmService\n    }\n  }\n": typeof types.SetServiceAlarmMatchesDocument,
    "\n  query ServiceAvailability($id: ID!, $probeId: ID, $day: DateTime!, $week: DateTime!, $quarter: DateTime!, $until: DateTime!) {\n    day: serviceAvailability(serviceId: $id, probeId: $probeId, since: $day, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    week: serviceAvailability(serviceId: $id, probeId: $probeId, since: $week, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    quarter: serviceAvailability(serviceId: $id, probeId: $probeId, since: $quarter, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n  }\n": typeof types.ServiceAvailabilityDocument,
    "\n  mutation CreateHeartbeat($input: CreateHeartbeatInput!) {\n    createHeartbeat(input: $input) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n": typeof types.CreateHeartbeatDocument,
    "\n  mutation RotateHeartbeatSecret($id: ID!) {\n    rotateHeartbeatSecret(heartbeatId: $id) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n": typeof types.RotateHeartbeatSecretDocument,
    "\n  mutation RemoveHeartbeat($id: ID!) {\n    removeHeartbeat(heartbeatId: $id)\n  }\n": typeof types.RemoveHeartbeatDocument,
    "\n  mutation CreateProbe($input: CreateProbeInput!) {\n    createProbe(input: $input) {\n      id\n    }\n  }\n": typeof types.CreateProbeDocument,
    "\n  mutation UpdateProbe($input: UpdateProbeInput!) {\n    updateProbe(input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateProbeDocument,
    "\n  mutation RemoveProbe($id: ID!) {\n    removeProbe(probeId: $id)\n  }\n": typeof types.RemoveProbeDocument,
    "\n  query ProbeResults($id: ID!, $first: Int!) {\n    probeResults(probeId: $id, first: $first) {\n      at\n      up\n      latencyMs\n      statusCode\n      error\n    }\n  }\n": typeof types.ProbeResultsDocument,
    "\n  mutation UpdateService($input: UpdateServiceInput!) {\n    updateService(input: $input) {\n      id\n    }\n  }\n": typeof types.UpdateServiceDocument,
    "\n  mutation SetServiceOrgs($id: ID!, $orgIds: [ID!]) {\n    setServiceOrgs(serviceId: $id, orgIds: $orgIds) {\n      id\n    }\n  }\n": typeof types.SetServiceOrgsDocument,
    "\n  mutation StartOrgExport($orgId: ID!) {\n    startOrgExport(orgId: $orgId) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n": typeof types.StartOrgExportDocument,
    "\n  query OrgExport($id: ID!) {\n    orgExport(id: $id) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n": typeof types.OrgExportDocument,
    "\n  mutation FollowTickets($input: FollowTicketsInput!) {\n    followTickets(input: $input) {\n      orgId\n      follows\n    }\n  }\n": typeof types.FollowTicketsDocument,
    "\n  mutation SetNotificationChoice($input: SetNotificationChoiceInput!) {\n    setNotificationChoice(input: $input) {\n      kind\n      channels\n      chosen\n    }\n  }\n": typeof types.SetNotificationChoiceDocument,
    "\n  query MyNotificationRules {\n    notificationRules {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n": typeof types.MyNotificationRulesDocument,
    "\n  mutation SetNotificationRules($input: SetNotificationRulesInput!) {\n    setNotificationRules(input: $input) {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n": typeof types.SetNotificationRulesDocument,
    "\n  mutation SetPhone($input: SetPhoneInput!) {\n    setPhone(input: $input) {\n      personId\n      phone\n    }\n  }\n": typeof types.SetPhoneDocument,
    "\n  query TicketAttachments($id: ID!) {\n    ticket(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        size\n        source\n        uploadedBy {\n          id\n          name\n        }\n        uploadedAt\n        downloadUrl\n      }\n    }\n  }\n": typeof types.TicketAttachmentsDocument,
    "\n  query TicketNotes($id: ID!) {\n    ticket(id: $id) {\n      id\n      notes {\n        id\n        author {\n          id\n          name\n        }\n        body\n        door\n        createdAt\n      }\n    }\n  }\n": typeof types.TicketNotesDocument,
    "\n  mutation AddTicketNote($ticketId: ID!, $body: String!) {\n    addTicketNote(ticketId: $ticketId, body: $body) {\n      note {\n        id\n      }\n    }\n  }\n": typeof types.AddTicketNoteDocument,
    "\n  query TicketSla($id: ID!) {\n    ticket(id: $id) {\n      id\n      resolution {\n        minutes\n        clock\n        dueAt\n        pausedAt\n        pausedMinutes\n        warnedAt\n        breachedAt\n        metAt\n      }\n      slaPauses {\n        pausedAt\n        resumedAt\n        pausedMinutes\n      }\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n": typeof types.TicketSlaDocument,
    "\n  mutation RateTicket($ticketId: ID!, $score: Int!, $comment: String) {\n    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {\n      id\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n": typeof types.RateTicketDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      id\n      name\n      email\n      slack {\n        teamId\n        userId\n      }\n      memberships {\n        roles\n        followsTickets\n        org {\n          id\n          kind\n          name\n          slug\n        }\n      }\n    }\n  }\n": types.MeDocument,
    "\n  query OrgStatus($orgId: ID!) {\n    orgStatus(orgId: $orgId) {\n      orgId\n      orgName\n      generatedAt\n      overall\n      availabilityRule\n      days\n      services {\n        id\n        name\n        description\n        state\n        stateLabel\n        availabilityPercent\n        availabilityDays {\n          date\n          percent\n        }\n        last24Hours {\n          ...ResponseTimesFields\n        }\n        last7Days {\n          ...ResponseTimesFields\n        }\n        last90Days {\n          ...ResponseTimesFields\n        }\n      }\n      incidents {\n        id\n        title\n        impact\n        impactLabel\n        status\n        statusLabel\n        openedAt\n        resolvedAt\n        services\n        updates {\n          status\n          statusLabel\n          message\n          at\n        }\n      }\n      maintenance {\n        id\n        title\n        description\n        startsAt\n        endsAt\n        state\n        services\n      }\n    }\n  }\n  fragment ResponseTimesFields on ResponseTimes {\n    p50Ms\n    p95Ms\n    chart {\n      starts\n      p50Ms\n      p95Ms\n    }\n  }\n": types.OrgStatusDocument,
    "\n  subscription OrgStatusChanged($orgId: ID!) {\n    orgStatusChanged(orgId: $orgId) {\n      orgId\n      at\n    }\n  }\n": types.OrgStatusChangedDocument,
    "\n  query Orgs {\n    orgs {\n      id\n      kind\n      name\n      slug\n    }\n  }\n": types.OrgsDocument,
    "\n  query Staff($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      roles\n    }\n  }\n": types.StaffDocument,
    "\n  fragment AccessRow on AccessRequest {\n    id\n    org {\n      id\n      name\n    }\n    requester {\n      id\n      name\n    }\n    ticket {\n      key\n    }\n    otherDutyJustification\n    reason\n    scope\n    durationMinutes\n    status\n    statusLabel\n    clientApprovalRequired\n    providerApprovedBy {\n      name\n    }\n    clientApprovedBy {\n      name\n    }\n    pendingUntil\n    startedAt\n    expiresAt\n    createdAt\n  }\n": types.AccessRowFragmentDoc,
    "\n  query AccessPage {\n    open: accessRequests(filter: { status: [PENDING, ACTIVE] }, first: 24) {\n      nodes {\n        ...AccessRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.AccessPageDocument,
    "\n  query AccessHistory {\n    accessRequests(filter: { status: [EXPIRED, ENDED, REVOKED, DENIED, CANCELLED, TIMED_OUT] }, first: 25) {\n      nodes {\n        id\n        createdAt\n        org {\n          name\n        }\n        requester {\n          name\n        }\n        statusLabel\n        closedAt\n        closedBy {\n          name\n        }\n        closeReason\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.AccessHistoryDocument,
    "\n  query AccessEligible {\n    accessEligible {\n      personId\n    }\n  }\n": types.AccessEligibleDocument,
    "\n  query AccessTickets($orgId: ID!) {\n    tickets(filter: { orgId: $orgId, status: [RECEIVED, IN_PROGRESS, AWAITING_CLIENT, BUG_LOGGED, RESOLVED] }, first: 100) {\n      nodes {\n        id\n        key\n        title\n      }\n    }\n  }\n": types.AccessTicketsDocument,
    "\n  subscription AccessLive($orgId: ID!) {\n    accessEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": types.AccessLiveDocument,
    "\n  mutation DecideAccess($requestId: ID!, $decision: AccessVerdict!, $comment: String) {\n    decideAccess(requestId: $requestId, decision: $decision, comment: $comment) {\n      ...AccessRow\n    }\n  }\n": types.DecideAccessDocument,
    "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      ...AccessRow\n    }\n  }\n": types.RequestAccessDocument,
    "\n  mutation CancelAccessRequest($requestId: ID!) {\n    cancelAccessRequest(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n": types.CancelAccessRequestDocument,
    "\n  mutation EndAccess($requestId: ID!) {\n    endAccess(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n": types.EndAccessDocument,
    "\n  mutation RevokeAccess($requestId: ID!, $reason: String) {\n    revokeAccess(requestId: $requestId, reason: $reason) {\n      ...AccessRow\n    }\n  }\n": types.RevokeAccessDocument,
    "\n  fragment AlarmRow on Alarm {\n    id\n    source\n    summary\n    severity\n    service\n    state\n    count\n    triggeredAt\n    lastSeenAt\n    escalationStep\n    escalationPolicy {\n      name\n    }\n    acknowledgedBy\n    acknowledgedAt\n    resolvedBy\n    resolvedAt\n    rootCause\n    followUpOpen\n    disasterRecoveryAt\n  }\n": types.AlarmRowFragmentDoc,
    "\n  query AlarmsPage {\n    open: alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 20) {\n      nodes {\n        ...AlarmRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    followUps: alarms(filter: { followUpOpen: true }, first: 20) {\n      nodes {\n        id\n        summary\n        source\n        resolvedBy\n        resolvedAt\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    onCall {\n      schedule {\n        id\n        name\n        timeZone\n      }\n      now {\n        personId\n        from\n        until\n        override\n      }\n      next {\n        personId\n        from\n        until\n        override\n      }\n    }\n  }\n": types.AlarmsPageDocument,
    "\n  subscription AlarmsLive {\n    alarmEvents {\n      id\n      type\n    }\n  }\n": types.AlarmsLiveDocument,
    "\n  mutation AcknowledgeAlarm($id: ID!) {\n    acknowledgeAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n": types.AcknowledgeAlarmDocument,
    "\n  mutation EscalateAlarm($id: ID!) {\n    escalateAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n": types.EscalateAlarmDocument,
    "\n  mutation ResolveAlarm($id: ID!, $rootCause: String) {\n    resolveAlarm(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n": types.ResolveAlarmDocument,
    "\n  mutation WriteRootCause($id: ID!, $rootCause: String!) {\n    writeRootCause(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n": types.WriteRootCauseDocument,
    "\n  fragment ReleaseFacts on Release {\n    id\n    version\n    title\n    changeLog\n    downtime\n    windowStart\n    windowEnd\n    kind\n    urgentReason\n    status\n    preview {\n      start\n      end\n      url\n    }\n  }\n": types.ReleaseFactsFragmentDoc,
    "\n  query AnnouncementsPage {\n    mine: myPendingAnnouncements {\n      id\n      shortNotice\n      release {\n        ...ReleaseFacts\n      }\n    }\n    announcements(first: 20) {\n      nodes {\n        id\n        status\n        announcedAt\n        shortNotice\n        release {\n          ...ReleaseFacts\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n": types.AnnouncementsPageDocument,
    "\n  query PlannedReleases {\n    releases(first: 20) {\n      nodes {\n        ...ReleaseFacts\n      }\n    }\n  }\n": types.PlannedReleasesDocument,
    "\n  query AnnouncementAcknowledgements($id: ID!) {\n    announcement(id: $id) {\n      id\n      acknowledgementsByOrg {\n        orgId\n        orgName\n        acknowledged {\n          personId\n        }\n        pending {\n          personId\n          name\n        }\n      }\n    }\n  }\n": types.AnnouncementAcknowledgementsDocument,
    "\n  subscription AnnouncementsLive($orgId: ID) {\n    announcementEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": types.AnnouncementsLiveDocument,
    "\n  mutation AcknowledgeAnnouncement($announcementId: ID!) {\n    acknowledgeAnnouncement(announcementId: $announcementId) {\n      announcementId\n      acknowledgedAt\n    }\n  }\n": types.AcknowledgeAnnouncementDocument,
    "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        chainId\n        seq\n        at\n        actorType\n        actorId\n        actorName\n        door\n        orgId\n        action\n        subjectType\n        subjectId\n        data\n        requestId\n        prevHash\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.AuditEventsDocument,
    "\n  query VerifyAuditTrail($orgId: ID!, $checkpoint: String) {\n    verifyAuditTrail(orgId: $orgId, checkpoint: $checkpoint) {\n      ok\n      chainId\n      events\n      headHash\n      brokenAtSeq\n      reason\n      problems {\n        kind\n        seq\n        message\n      }\n      moreProblems\n      checkpointSize\n    }\n  }\n": types.VerifyAuditTrailDocument,
    "\n  query AuditCheckpoints($orgId: ID!) {\n    auditCheckpoints(orgId: $orgId, first: 20) {\n      nodes {\n        orgId\n        seq\n        size\n        headHash\n        signedAt\n        keyId\n        reason\n        note\n      }\n    }\n  }\n": types.AuditCheckpointsDocument,
    "\n  mutation SignAuditCheckpoint($orgId: ID!) {\n    signAuditCheckpoint(orgId: $orgId) {\n      seq\n      size\n    }\n  }\n": types.SignAuditCheckpointDocument,
    "\n  subscription AuditOrgLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n    }\n  }\n": types.AuditOrgLiveDocument,
    "\n  subscription AuditCheckpointLive($orgId: ID!) {\n    auditCheckpointSigned(orgId: $orgId) {\n      seq\n    }\n  }\n": types.AuditCheckpointLiveDocument,
    "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n      updates {\n        id\n        status\n        message\n        byName\n        at\n      }\n      alarmIds\n      ticketIds\n    }\n  }\n": types.IncidentPageDocument,
    "\n  query IncidentsPage {\n    incidents {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      updatedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n    }\n  }\n": types.IncidentsPageDocument,
    "\n  query MaintenancePage($all: Boolean) {\n    maintenanceWindows(all: $all) {\n      id\n      title\n      description\n      startsAt\n      endsAt\n      state\n      releaseId\n      allPublic\n      services {\n        id\n        name\n      }\n    }\n  }\n": types.MaintenancePageDocument,
    "\n  query PeoplePage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      email\n      roles\n      emailBouncing {\n        address\n        since\n        reason\n      }\n      tokens {\n        id\n        label\n        createdAt\n        expiresAt\n        revokedAt\n      }\n    }\n  }\n": types.PeoplePageDocument,
    "\n  subscription PeopleLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": types.PeopleLiveDocument,
    "\n  mutation AddPerson($input: AddPersonInput!) {\n    addPerson(input: $input) {\n      id\n      name\n    }\n  }\n": types.AddPersonDocument,
    "\n  mutation SetRoles($input: SetRolesInput!) {\n    setRoles(input: $input) {\n      id\n      roles\n    }\n  }\n": types.SetRolesDocument,
    "\n  mutation RemovePerson($input: RemovePersonInput!) {\n    removePerson(input: $input) {\n      personId\n    }\n  }\n": types.RemovePersonDocument,
    "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n      }\n    }\n  }\n": types.CreateApiTokenDocument,
    "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n": types.RevokeApiTokenDocument,
    "\n  mutation ClearEmailBounce($personId: ID!) {\n    clearEmailBounce(personId: $personId)\n  }\n": types.ClearEmailBounceDocument,
    "\n  query QuarantinePage($status: QuarantineStatus!, $first: Int!) {\n    mailQuarantine(status: $status, first: $first) {\n      id\n      sender\n      senderName\n      subject\n      reason\n      text\n      attachments {\n        name\n        size\n      }\n      receivedAt\n      status\n      resolvedAt\n      ticketId\n    }\n  }\n": types.QuarantinePageDocument,
    "\n  query Queue($filter: TicketFilter, $first: Int, $after: String) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        key\n        title\n        kind\n        status\n        statusLabel\n        severity\n        agreement\n        proposal {\n          severity\n          awaiting\n        }\n        org {\n          id\n          name\n        }\n        assignee {\n          id\n          name\n        }\n        slaDueAt\n        slaBreachedAt\n        slaWarnedAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.QueueDocument,
    "\n  subscription QueueEvents($orgId: ID!) {\n    ticketEvents(orgId: $orgId) {\n      id\n      type\n      ticketId\n    }\n  }\n": types.QueueEventsDocument,
    "\n  mutation OpenTicket($input: OpenTicketInput!) {\n    openTicket(input: $input) {\n      id\n      key\n    }\n  }\n": types.OpenTicketDocument,
    "\n  mutation CreateRelease($input: CreateReleaseInput!) {\n    createRelease(input: $input) {\n      id\n      version\n    }\n  }\n": types.CreateReleaseDocument,
    "\n  mutation AnnounceRelease($input: AnnounceReleaseInput!) {\n    announceRelease(input: $input) {\n      orgs\n      recipients\n    }\n  }\n": types.AnnounceReleaseDocument,
    "\n  mutation CancelRelease($releaseId: ID!, $reason: String) {\n    cancelRelease(releaseId: $releaseId, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.CancelReleaseDocument,
    "\n  query SlaReport($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      org {\n        id\n        name\n      }\n      month\n      timeZone\n      complete\n      severities {\n        severity\n        target {\n          minutes\n          clock\n        }\n        figures {\n          ...TicketFiguresFields\n        }\n      }\n      total {\n        ...TicketFiguresFields\n      }\n      breaches {\n        ticketId\n        key\n        title\n        severity\n        openedAt\n        dueAt\n        breachedAt\n        firstResponseAt\n      }\n      alarms {\n        ...AlarmFiguresFields\n      }\n      providerAlarms {\n        ...AlarmFiguresFields\n      }\n    }\n  }\n  fragment TicketFiguresFields on TicketFigures {\n    opened\n    responded\n    responseMedianSeconds\n    responseP90Seconds\n    met\n    breached\n    pending\n    noTarget\n    metRatio\n  }\n  fragment AlarmFiguresFields on AlarmFigures {\n    triggered\n    acknowledged\n    ackMedianSeconds\n    ackP90Seconds\n    resolved\n    resolveMedianSeconds\n    resolveP90Seconds\n    escalated\n    escalations\n    disasterRecoveries\n    followUpsOpen\n  }\n": types.SlaReportDocument,
    "\n  query ServicePage($id: ID!) {\n    service(id: $id) {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n      createdAt\n    }\n  }\n": types.ServicePageDocument,
    "\n  query ServiceChecks($id: ID!) {\n    serviceChecks(serviceId: $id) {\n      probes {\n        id\n        name\n        method\n        url\n        expectedStatus\n        timeoutMs\n        bodyContains\n        intervalSeconds\n        failureThreshold\n        successThreshold\n        state\n        lastCheckedAt\n      }\n      heartbeats {\n        id\n        name\n        intervalSeconds\n        graceSeconds\n        state\n        lastBeatAt\n        dueBy\n      }\n      alarmMatches {\n        source\n        alarmService\n      }\n    }\n  }\n": types.ServiceChecksDocument,
    "\n  mutation ArchiveService($id: ID!) {\n    archiveService(serviceId: $id) {\n      id\n    }\n  }\n": types.ArchiveServiceDocument,
    "\n  query ServicesPage {\n    services {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n    }\n  }\n": types.ServicesPageDocument,
    "\n  mutation CreateService($input: CreateServiceInput!) {\n    createService(input: $input) {\n      id\n      name\n    }\n  }\n": types.CreateServiceDocument,
    "\n  query SettingsPage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      phone\n      notificationChoices {\n        kind\n        channels\n        chosen\n      }\n    }\n  }\n": types.SettingsPageDocument,
    "\n  fragment TicketDetail on Ticket {\n    id\n    key\n    title\n    description\n    kind\n    status\n    statusLabel\n    severity\n    severityAgreedAt\n    agreement\n    proposal {\n      severity\n      by\n      awaiting\n      proposedBy {\n        id\n        name\n      }\n    }\n    org {\n      id\n      name\n    }\n    initiator {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    slaDueAt\n    slaWarnedAt\n    slaBreachedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        id\n        name\n      }\n      side\n      body\n      door\n      createdAt\n    }\n  }\n": types.TicketDetailFragmentDoc,
    "\n  query TicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      ...TicketDetail\n    }\n  }\n": types.TicketByKeyDocument,
    "\n  query TicketById($id: ID!) {\n    ticket(id: $id) {\n      ...TicketDetail\n    }\n  }\n": types.TicketByIdDocument,
    "\n  subscription TicketLive($ticketId: ID!) {\n    ticketEvents(ticketId: $ticketId) {\n      id\n      type\n      at\n      actorId\n      payload\n    }\n  }\n": types.TicketLiveDocument,
    "\n  mutation ProposeSeverity($ticketId: ID!, $severity: Severity!) {\n    proposeSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n": types.ProposeSeverityDocument,
    "\n  mutation AcceptSeverity($ticketId: ID!, $severity: Severity) {\n    acceptSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n": types.AcceptSeverityDocument,
    "\n  mutation AssignTicket($ticketId: ID!, $assigneeId: ID) {\n    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {\n      ...TicketDetail\n    }\n  }\n": types.AssignTicketDocument,
    "\n  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!) {\n    changeTicketStatus(ticketId: $ticketId, status: $status) {\n      ...TicketDetail\n    }\n  }\n": types.ChangeTicketStatusDocument,
    "\n  mutation CommentOnTicket($ticketId: ID!, $body: String!) {\n    commentOnTicket(ticketId: $ticketId, body: $body) {\n      ticket {\n        ...TicketDetail\n      }\n      comment {\n        id\n      }\n    }\n  }\n": types.CommentOnTicketDocument,
    "\n  mutation ApproveClosure($ticketId: ID!) {\n    approveClosure(ticketId: $ticketId) {\n      ...TicketDetail\n    }\n  }\n": types.ApproveClosureDocument,
    "\n  mutation ReopenTicket($ticketId: ID!, $reason: String) {\n    reopenTicket(ticketId: $ticketId, reason: $reason) {\n      ...TicketDetail\n    }\n  }\n": types.ReopenTicketDocument,
    "\n  mutation DeclareIncident($input: DeclareIncidentInput!) {\n    declareIncident(input: $input) {\n      id\n    }\n  }\n": types.DeclareIncidentDocument,
    "\n  query LinkedAlarm($id: ID!) {\n    alarm(id: $id) {\n      id\n      summary\n      state\n      source\n    }\n  }\n": types.LinkedAlarmDocument,
    "\n  query LinkedTicket($id: ID!) {\n    ticket(id: $id) {\n      id\n      key\n      title\n    }\n  }\n": types.LinkedTicketDocument,
    "\n  query OpenAlarmChoices {\n    alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 50) {\n      nodes {\n        id\n        summary\n        source\n      }\n    }\n  }\n": types.OpenAlarmChoicesDocument,
    "\n  query IncidentTicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n    }\n  }\n": types.IncidentTicketByKeyDocument,
    "\n  mutation LinkIncidentAlarm($incidentId: ID!, $alarmId: ID!) {\n    linkIncidentAlarm(incidentId: $incidentId, alarmId: $alarmId) {\n      id\n    }\n  }\n": types.LinkIncidentAlarmDocument,
    "\n  mutation LinkIncidentTicket($incidentId: ID!, $ticketId: ID!) {\n    linkIncidentTicket(incidentId: $incidentId, ticketId: $ticketId) {\n      id\n    }\n  }\n": types.LinkIncidentTicketDocument,
    "\n  mutation ScheduleMaintenance($input: ScheduleMaintenanceInput!) {\n    scheduleMaintenance(input: $input) {\n      id\n      title\n    }\n  }\n": types.ScheduleMaintenanceDocument,
    "\n  mutation RescheduleMaintenance($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!, $reason: String) {\n    rescheduleMaintenance(windowId: $id, startsAt: $startsAt, endsAt: $endsAt, reason: $reason) {\n      id\n    }\n  }\n": types.RescheduleMaintenanceDocument,
    "\n  mutation CancelMaintenance($id: ID!, $reason: String) {\n    cancelMaintenance(windowId: $id, reason: $reason) {\n      id\n    }\n  }\n": types.CancelMaintenanceDocument,
    "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      id\n      status\n    }\n  }\n": types.PostIncidentUpdateDocument,
    "\n  query ServiceChoices {\n    services {\n      id\n      name\n      isPublic\n    }\n  }\n": types.ServiceChoicesDocument,
    "\n  subscription IncidentsLive($orgId: ID) {\n    incidentEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n": types.IncidentsLiveDocument,
    "\n  mutation AssignQuarantinedMail($id: ID!, $orgId: ID, $ticketId: ID) {\n    assignQuarantinedMail(id: $id, orgId: $orgId, ticketId: $ticketId) {\n      mail {\n        id\n        status\n      }\n      ticket {\n        id\n        key\n      }\n    }\n  }\n": types.AssignQuarantinedMailDocument,
    "\n  mutation DropQuarantinedMail($id: ID!, $reason: String) {\n    dropQuarantinedMail(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n": types.DropQuarantinedMailDocument,
    "\n  query TicketIdByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n      key\n    }\n  }\n": types.TicketIdByKeyDocument,
    "\n  query SearchTickets($search: String!, $filter: TicketFilter, $openedFrom: DateTime, $openedBefore: DateTime, $first: Int, $after: String) {\n    searchTickets(search: $search, filter: $filter, openedFrom: $openedFrom, openedBefore: $openedBefore, first: $first, after: $after) {\n      nodes {\n        ticket {\n          id\n          key\n          title\n          statusLabel\n          org {\n            id\n            name\n          }\n        }\n        field\n        highlight {\n          text\n          hit\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.SearchTicketsDocument,
    "\n  query SlaSatisfaction($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      satisfaction {\n        ratings\n        average\n        distribution\n      }\n    }\n  }\n": types.SlaSatisfactionDocument,
    "\n  mutation SetServiceAlarmMatches($id: ID!, $matches: [ServiceAlarmMatchInput!]!) {\n    setServiceAlarmMatches(serviceId: $id, matches: $matches) {\n      source\n      alarmService\n    }\n  }\n": types.SetServiceAlarmMatchesDocument,
    "\n  query ServiceAvailability($id: ID!, $probeId: ID, $day: DateTime!, $week: DateTime!, $quarter: DateTime!, $until: DateTime!) {\n    day: serviceAvailability(serviceId: $id, probeId: $probeId, since: $day, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    week: serviceAvailability(serviceId: $id, probeId: $probeId, since: $week, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    quarter: serviceAvailability(serviceId: $id, probeId: $probeId, since: $quarter, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n  }\n": types.ServiceAvailabilityDocument,
    "\n  mutation CreateHeartbeat($input: CreateHeartbeatInput!) {\n    createHeartbeat(input: $input) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n": types.CreateHeartbeatDocument,
    "\n  mutation RotateHeartbeatSecret($id: ID!) {\n    rotateHeartbeatSecret(heartbeatId: $id) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n": types.RotateHeartbeatSecretDocument,
    "\n  mutation RemoveHeartbeat($id: ID!) {\n    removeHeartbeat(heartbeatId: $id)\n  }\n": types.RemoveHeartbeatDocument,
    "\n  mutation CreateProbe($input: CreateProbeInput!) {\n    createProbe(input: $input) {\n      id\n    }\n  }\n": types.CreateProbeDocument,
    "\n  mutation UpdateProbe($input: UpdateProbeInput!) {\n    updateProbe(input: $input) {\n      id\n    }\n  }\n": types.UpdateProbeDocument,
    "\n  mutation RemoveProbe($id: ID!) {\n    removeProbe(probeId: $id)\n  }\n": types.RemoveProbeDocument,
    "\n  query ProbeResults($id: ID!, $first: Int!) {\n    probeResults(probeId: $id, first: $first) {\n      at\n      up\n      latencyMs\n      statusCode\n      error\n    }\n  }\n": types.ProbeResultsDocument,
    "\n  mutation UpdateService($input: UpdateServiceInput!) {\n    updateService(input: $input) {\n      id\n    }\n  }\n": types.UpdateServiceDocument,
    "\n  mutation SetServiceOrgs($id: ID!, $orgIds: [ID!]) {\n    setServiceOrgs(serviceId: $id, orgIds: $orgIds) {\n      id\n    }\n  }\n": types.SetServiceOrgsDocument,
    "\n  mutation StartOrgExport($orgId: ID!) {\n    startOrgExport(orgId: $orgId) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n": types.StartOrgExportDocument,
    "\n  query OrgExport($id: ID!) {\n    orgExport(id: $id) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n": types.OrgExportDocument,
    "\n  mutation FollowTickets($input: FollowTicketsInput!) {\n    followTickets(input: $input) {\n      orgId\n      follows\n    }\n  }\n": types.FollowTicketsDocument,
    "\n  mutation SetNotificationChoice($input: SetNotificationChoiceInput!) {\n    setNotificationChoice(input: $input) {\n      kind\n      channels\n      chosen\n    }\n  }\n": types.SetNotificationChoiceDocument,
    "\n  query MyNotificationRules {\n    notificationRules {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n": types.MyNotificationRulesDocument,
    "\n  mutation SetNotificationRules($input: SetNotificationRulesInput!) {\n    setNotificationRules(input: $input) {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n": types.SetNotificationRulesDocument,
    "\n  mutation SetPhone($input: SetPhoneInput!) {\n    setPhone(input: $input) {\n      personId\n      phone\n    }\n  }\n": types.SetPhoneDocument,
    "\n  query TicketAttachments($id: ID!) {\n    ticket(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        size\n        source\n        uploadedBy {\n          id\n          name\n        }\n        uploadedAt\n        downloadUrl\n      }\n    }\n  }\n": types.TicketAttachmentsDocument,
    "\n  query TicketNotes($id: ID!) {\n    ticket(id: $id) {\n      id\n      notes {\n        id\n        author {\n          id\n          name\n        }\n        body\n        door\n        createdAt\n      }\n    }\n  }\n": types.TicketNotesDocument,
    "\n  mutation AddTicketNote($ticketId: ID!, $body: String!) {\n    addTicketNote(ticketId: $ticketId, body: $body) {\n      note {\n        id\n      }\n    }\n  }\n": types.AddTicketNoteDocument,
    "\n  query TicketSla($id: ID!) {\n    ticket(id: $id) {\n      id\n      resolution {\n        minutes\n        clock\n        dueAt\n        pausedAt\n        pausedMinutes\n        warnedAt\n        breachedAt\n        metAt\n      }\n      slaPauses {\n        pausedAt\n        resumedAt\n        pausedMinutes\n      }\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n": types.TicketSlaDocument,
    "\n  mutation RateTicket($ticketId: ID!, $score: Int!, $comment: String) {\n    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {\n      id\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n": types.RateTicketDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      name\n      email\n      slack {\n        teamId\n        userId\n      }\n      memberships {\n        roles\n        followsTickets\n        org {\n          id\n          kind\n          name\n          slug\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      name\n      email\n      slack {\n        teamId\n        userId\n      }\n      memberships {\n        roles\n        followsTickets\n        org {\n          id\n          kind\n          name\n          slug\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrgStatus($orgId: ID!) {\n    orgStatus(orgId: $orgId) {\n      orgId\n      orgName\n      generatedAt\n      overall\n      availabilityRule\n      days\n      services {\n        id\n        name\n        description\n        state\n        stateLabel\n        availabilityPercent\n        availabilityDays {\n          date\n          percent\n        }\n        last24Hours {\n          ...ResponseTimesFields\n        }\n        last7Days {\n          ...ResponseTimesFields\n        }\n        last90Days {\n          ...ResponseTimesFields\n        }\n      }\n      incidents {\n        id\n        title\n        impact\n        impactLabel\n        status\n        statusLabel\n        openedAt\n        resolvedAt\n        services\n        updates {\n          status\n          statusLabel\n          message\n          at\n        }\n      }\n      maintenance {\n        id\n        title\n        description\n        startsAt\n        endsAt\n        state\n        services\n      }\n    }\n  }\n  fragment ResponseTimesFields on ResponseTimes {\n    p50Ms\n    p95Ms\n    chart {\n      starts\n      p50Ms\n      p95Ms\n    }\n  }\n"): (typeof documents)["\n  query OrgStatus($orgId: ID!) {\n    orgStatus(orgId: $orgId) {\n      orgId\n      orgName\n      generatedAt\n      overall\n      availabilityRule\n      days\n      services {\n        id\n        name\n        description\n        state\n        stateLabel\n        availabilityPercent\n        availabilityDays {\n          date\n          percent\n        }\n        last24Hours {\n          ...ResponseTimesFields\n        }\n        last7Days {\n          ...ResponseTimesFields\n        }\n        last90Days {\n          ...ResponseTimesFields\n        }\n      }\n      incidents {\n        id\n        title\n        impact\n        impactLabel\n        status\n        statusLabel\n        openedAt\n        resolvedAt\n        services\n        updates {\n          status\n          statusLabel\n          message\n          at\n        }\n      }\n      maintenance {\n        id\n        title\n        description\n        startsAt\n        endsAt\n        state\n        services\n      }\n    }\n  }\n  fragment ResponseTimesFields on ResponseTimes {\n    p50Ms\n    p95Ms\n    chart {\n      starts\n      p50Ms\n      p95Ms\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription OrgStatusChanged($orgId: ID!) {\n    orgStatusChanged(orgId: $orgId) {\n      orgId\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription OrgStatusChanged($orgId: ID!) {\n    orgStatusChanged(orgId: $orgId) {\n      orgId\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Orgs {\n    orgs {\n      id\n      kind\n      name\n      slug\n    }\n  }\n"): (typeof documents)["\n  query Orgs {\n    orgs {\n      id\n      kind\n      name\n      slug\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Staff($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      roles\n    }\n  }\n"): (typeof documents)["\n  query Staff($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccessRow on AccessRequest {\n    id\n    org {\n      id\n      name\n    }\n    requester {\n      id\n      name\n    }\n    ticket {\n      key\n    }\n    otherDutyJustification\n    reason\n    scope\n    durationMinutes\n    status\n    statusLabel\n    clientApprovalRequired\n    providerApprovedBy {\n      name\n    }\n    clientApprovedBy {\n      name\n    }\n    pendingUntil\n    startedAt\n    expiresAt\n    createdAt\n  }\n"): (typeof documents)["\n  fragment AccessRow on AccessRequest {\n    id\n    org {\n      id\n      name\n    }\n    requester {\n      id\n      name\n    }\n    ticket {\n      key\n    }\n    otherDutyJustification\n    reason\n    scope\n    durationMinutes\n    status\n    statusLabel\n    clientApprovalRequired\n    providerApprovedBy {\n      name\n    }\n    clientApprovedBy {\n      name\n    }\n    pendingUntil\n    startedAt\n    expiresAt\n    createdAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessPage {\n    open: accessRequests(filter: { status: [PENDING, ACTIVE] }, first: 24) {\n      nodes {\n        ...AccessRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccessPage {\n    open: accessRequests(filter: { status: [PENDING, ACTIVE] }, first: 24) {\n      nodes {\n        ...AccessRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessHistory {\n    accessRequests(filter: { status: [EXPIRED, ENDED, REVOKED, DENIED, CANCELLED, TIMED_OUT] }, first: 25) {\n      nodes {\n        id\n        createdAt\n        org {\n          name\n        }\n        requester {\n          name\n        }\n        statusLabel\n        closedAt\n        closedBy {\n          name\n        }\n        closeReason\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccessHistory {\n    accessRequests(filter: { status: [EXPIRED, ENDED, REVOKED, DENIED, CANCELLED, TIMED_OUT] }, first: 25) {\n      nodes {\n        id\n        createdAt\n        org {\n          name\n        }\n        requester {\n          name\n        }\n        statusLabel\n        closedAt\n        closedBy {\n          name\n        }\n        closeReason\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessEligible {\n    accessEligible {\n      personId\n    }\n  }\n"): (typeof documents)["\n  query AccessEligible {\n    accessEligible {\n      personId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AccessTickets($orgId: ID!) {\n    tickets(filter: { orgId: $orgId, status: [RECEIVED, IN_PROGRESS, AWAITING_CLIENT, BUG_LOGGED, RESOLVED] }, first: 100) {\n      nodes {\n        id\n        key\n        title\n      }\n    }\n  }\n"): (typeof documents)["\n  query AccessTickets($orgId: ID!) {\n    tickets(filter: { orgId: $orgId, status: [RECEIVED, IN_PROGRESS, AWAITING_CLIENT, BUG_LOGGED, RESOLVED] }, first: 100) {\n      nodes {\n        id\n        key\n        title\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AccessLive($orgId: ID!) {\n    accessEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  subscription AccessLive($orgId: ID!) {\n    accessEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DecideAccess($requestId: ID!, $decision: AccessVerdict!, $comment: String) {\n    decideAccess(requestId: $requestId, decision: $decision, comment: $comment) {\n      ...AccessRow\n    }\n  }\n"): (typeof documents)["\n  mutation DecideAccess($requestId: ID!, $decision: AccessVerdict!, $comment: String) {\n    decideAccess(requestId: $requestId, decision: $decision, comment: $comment) {\n      ...AccessRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      ...AccessRow\n    }\n  }\n"): (typeof documents)["\n  mutation RequestAccess($input: RequestAccessInput!) {\n    requestAccess(input: $input) {\n      ...AccessRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelAccessRequest($requestId: ID!) {\n    cancelAccessRequest(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n"): (typeof documents)["\n  mutation CancelAccessRequest($requestId: ID!) {\n    cancelAccessRequest(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EndAccess($requestId: ID!) {\n    endAccess(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n"): (typeof documents)["\n  mutation EndAccess($requestId: ID!) {\n    endAccess(requestId: $requestId) {\n      ...AccessRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeAccess($requestId: ID!, $reason: String) {\n    revokeAccess(requestId: $requestId, reason: $reason) {\n      ...AccessRow\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeAccess($requestId: ID!, $reason: String) {\n    revokeAccess(requestId: $requestId, reason: $reason) {\n      ...AccessRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AlarmRow on Alarm {\n    id\n    source\n    summary\n    severity\n    service\n    state\n    count\n    triggeredAt\n    lastSeenAt\n    escalationStep\n    escalationPolicy {\n      name\n    }\n    acknowledgedBy\n    acknowledgedAt\n    resolvedBy\n    resolvedAt\n    rootCause\n    followUpOpen\n    disasterRecoveryAt\n  }\n"): (typeof documents)["\n  fragment AlarmRow on Alarm {\n    id\n    source\n    summary\n    severity\n    service\n    state\n    count\n    triggeredAt\n    lastSeenAt\n    escalationStep\n    escalationPolicy {\n      name\n    }\n    acknowledgedBy\n    acknowledgedAt\n    resolvedBy\n    resolvedAt\n    rootCause\n    followUpOpen\n    disasterRecoveryAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlarmsPage {\n    open: alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 20) {\n      nodes {\n        ...AlarmRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    followUps: alarms(filter: { followUpOpen: true }, first: 20) {\n      nodes {\n        id\n        summary\n        source\n        resolvedBy\n        resolvedAt\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    onCall {\n      schedule {\n        id\n        name\n        timeZone\n      }\n      now {\n        personId\n        from\n        until\n        override\n      }\n      next {\n        personId\n        from\n        until\n        override\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlarmsPage {\n    open: alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 20) {\n      nodes {\n        ...AlarmRow\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    followUps: alarms(filter: { followUpOpen: true }, first: 20) {\n      nodes {\n        id\n        summary\n        source\n        resolvedBy\n        resolvedAt\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n    onCall {\n      schedule {\n        id\n        name\n        timeZone\n      }\n      now {\n        personId\n        from\n        until\n        override\n      }\n      next {\n        personId\n        from\n        until\n        override\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlarmsLive {\n    alarmEvents {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  subscription AlarmsLive {\n    alarmEvents {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAlarm($id: ID!) {\n    acknowledgeAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeAlarm($id: ID!) {\n    acknowledgeAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation EscalateAlarm($id: ID!) {\n    escalateAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n"): (typeof documents)["\n  mutation EscalateAlarm($id: ID!) {\n    escalateAlarm(id: $id) {\n      ...AlarmRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResolveAlarm($id: ID!, $rootCause: String) {\n    resolveAlarm(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n"): (typeof documents)["\n  mutation ResolveAlarm($id: ID!, $rootCause: String) {\n    resolveAlarm(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation WriteRootCause($id: ID!, $rootCause: String!) {\n    writeRootCause(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n"): (typeof documents)["\n  mutation WriteRootCause($id: ID!, $rootCause: String!) {\n    writeRootCause(id: $id, rootCause: $rootCause) {\n      ...AlarmRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReleaseFacts on Release {\n    id\n    version\n    title\n    changeLog\n    downtime\n    windowStart\n    windowEnd\n    kind\n    urgentReason\n    status\n    preview {\n      start\n      end\n      url\n    }\n  }\n"): (typeof documents)["\n  fragment ReleaseFacts on Release {\n    id\n    version\n    title\n    changeLog\n    downtime\n    windowStart\n    windowEnd\n    kind\n    urgentReason\n    status\n    preview {\n      start\n      end\n      url\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnnouncementsPage {\n    mine: myPendingAnnouncements {\n      id\n      shortNotice\n      release {\n        ...ReleaseFacts\n      }\n    }\n    announcements(first: 20) {\n      nodes {\n        id\n        status\n        announcedAt\n        shortNotice\n        release {\n          ...ReleaseFacts\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"): (typeof documents)["\n  query AnnouncementsPage {\n    mine: myPendingAnnouncements {\n      id\n      shortNotice\n      release {\n        ...ReleaseFacts\n      }\n    }\n    announcements(first: 20) {\n      nodes {\n        id\n        status\n        announcedAt\n        shortNotice\n        release {\n          ...ReleaseFacts\n        }\n      }\n      pageInfo {\n        hasNextPage\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PlannedReleases {\n    releases(first: 20) {\n      nodes {\n        ...ReleaseFacts\n      }\n    }\n  }\n"): (typeof documents)["\n  query PlannedReleases {\n    releases(first: 20) {\n      nodes {\n        ...ReleaseFacts\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AnnouncementAcknowledgements($id: ID!) {\n    announcement(id: $id) {\n      id\n      acknowledgementsByOrg {\n        orgId\n        orgName\n        acknowledged {\n          personId\n        }\n        pending {\n          personId\n          name\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AnnouncementAcknowledgements($id: ID!) {\n    announcement(id: $id) {\n      id\n      acknowledgementsByOrg {\n        orgId\n        orgName\n        acknowledged {\n          personId\n        }\n        pending {\n          personId\n          name\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AnnouncementsLive($orgId: ID) {\n    announcementEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  subscription AnnouncementsLive($orgId: ID) {\n    announcementEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcknowledgeAnnouncement($announcementId: ID!) {\n    acknowledgeAnnouncement(announcementId: $announcementId) {\n      announcementId\n      acknowledgedAt\n    }\n  }\n"): (typeof documents)["\n  mutation AcknowledgeAnnouncement($announcementId: ID!) {\n    acknowledgeAnnouncement(announcementId: $announcementId) {\n      announcementId\n      acknowledgedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        chainId\n        seq\n        at\n        actorType\n        actorId\n        actorName\n        door\n        orgId\n        action\n        subjectType\n        subjectId\n        data\n        requestId\n        prevHash\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditEvents($filter: AuditFilter, $first: Int, $after: String) {\n    auditEvents(filter: $filter, first: $first, after: $after) {\n      nodes {\n        chainId\n        seq\n        at\n        actorType\n        actorId\n        actorName\n        door\n        orgId\n        action\n        subjectType\n        subjectId\n        data\n        requestId\n        prevHash\n        hash\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAuditTrail($orgId: ID!, $checkpoint: String) {\n    verifyAuditTrail(orgId: $orgId, checkpoint: $checkpoint) {\n      ok\n      chainId\n      events\n      headHash\n      brokenAtSeq\n      reason\n      problems {\n        kind\n        seq\n        message\n      }\n      moreProblems\n      checkpointSize\n    }\n  }\n"): (typeof documents)["\n  query VerifyAuditTrail($orgId: ID!, $checkpoint: String) {\n    verifyAuditTrail(orgId: $orgId, checkpoint: $checkpoint) {\n      ok\n      chainId\n      events\n      headHash\n      brokenAtSeq\n      reason\n      problems {\n        kind\n        seq\n        message\n      }\n      moreProblems\n      checkpointSize\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditCheckpoints($orgId: ID!) {\n    auditCheckpoints(orgId: $orgId, first: 20) {\n      nodes {\n        orgId\n        seq\n        size\n        headHash\n        signedAt\n        keyId\n        reason\n        note\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditCheckpoints($orgId: ID!) {\n    auditCheckpoints(orgId: $orgId, first: 20) {\n      nodes {\n        orgId\n        seq\n        size\n        headHash\n        signedAt\n        keyId\n        reason\n        note\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignAuditCheckpoint($orgId: ID!) {\n    signAuditCheckpoint(orgId: $orgId) {\n      seq\n      size\n    }\n  }\n"): (typeof documents)["\n  mutation SignAuditCheckpoint($orgId: ID!) {\n    signAuditCheckpoint(orgId: $orgId) {\n      seq\n      size\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditOrgLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  subscription AuditOrgLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditCheckpointLive($orgId: ID!) {\n    auditCheckpointSigned(orgId: $orgId) {\n      seq\n    }\n  }\n"): (typeof documents)["\n  subscription AuditCheckpointLive($orgId: ID!) {\n    auditCheckpointSigned(orgId: $orgId) {\n      seq\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n      updates {\n        id\n        status\n        message\n        byName\n        at\n      }\n      alarmIds\n      ticketIds\n    }\n  }\n"): (typeof documents)["\n  query IncidentPage($id: ID!) {\n    incident(id: $id) {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n      updates {\n        id\n        status\n        message\n        byName\n        at\n      }\n      alarmIds\n      ticketIds\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentsPage {\n    incidents {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      updatedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query IncidentsPage {\n    incidents {\n      id\n      title\n      impact\n      status\n      origin\n      openedAt\n      updatedAt\n      resolvedAt\n      services {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MaintenancePage($all: Boolean) {\n    maintenanceWindows(all: $all) {\n      id\n      title\n      description\n      startsAt\n      endsAt\n      state\n      releaseId\n      allPublic\n      services {\n        id\n        name\n      }\n    }\n  }\n"): (typeof documents)["\n  query MaintenancePage($all: Boolean) {\n    maintenanceWindows(all: $all) {\n      id\n      title\n      description\n      startsAt\n      endsAt\n      state\n      releaseId\n      allPublic\n      services {\n        id\n        name\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PeoplePage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      email\n      roles\n      emailBouncing {\n        address\n        since\n        reason\n      }\n      tokens {\n        id\n        label\n        createdAt\n        expiresAt\n        revokedAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query PeoplePage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      name\n      email\n      roles\n      emailBouncing {\n        address\n        since\n        reason\n      }\n      tokens {\n        id\n        label\n        createdAt\n        expiresAt\n        revokedAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PeopleLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  subscription PeopleLive($orgId: ID!) {\n    events(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddPerson($input: AddPersonInput!) {\n    addPerson(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation AddPerson($input: AddPersonInput!) {\n    addPerson(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetRoles($input: SetRolesInput!) {\n    setRoles(input: $input) {\n      id\n      roles\n    }\n  }\n"): (typeof documents)["\n  mutation SetRoles($input: SetRolesInput!) {\n    setRoles(input: $input) {\n      id\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemovePerson($input: RemovePersonInput!) {\n    removePerson(input: $input) {\n      personId\n    }\n  }\n"): (typeof documents)["\n  mutation RemovePerson($input: RemovePersonInput!) {\n    removePerson(input: $input) {\n      personId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CreateApiToken($input: CreateApiTokenInput!) {\n    createApiToken(input: $input) {\n      token\n      apiToken {\n        id\n        label\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"): (typeof documents)["\n  mutation RevokeApiToken($id: ID!) {\n    revokeApiToken(id: $id) {\n      id\n      revokedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ClearEmailBounce($personId: ID!) {\n    clearEmailBounce(personId: $personId)\n  }\n"): (typeof documents)["\n  mutation ClearEmailBounce($personId: ID!) {\n    clearEmailBounce(personId: $personId)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query QuarantinePage($status: QuarantineStatus!, $first: Int!) {\n    mailQuarantine(status: $status, first: $first) {\n      id\n      sender\n      senderName\n      subject\n      reason\n      text\n      attachments {\n        name\n        size\n      }\n      receivedAt\n      status\n      resolvedAt\n      ticketId\n    }\n  }\n"): (typeof documents)["\n  query QuarantinePage($status: QuarantineStatus!, $first: Int!) {\n    mailQuarantine(status: $status, first: $first) {\n      id\n      sender\n      senderName\n      subject\n      reason\n      text\n      attachments {\n        name\n        size\n      }\n      receivedAt\n      status\n      resolvedAt\n      ticketId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Queue($filter: TicketFilter, $first: Int, $after: String) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        key\n        title\n        kind\n        status\n        statusLabel\n        severity\n        agreement\n        proposal {\n          severity\n          awaiting\n        }\n        org {\n          id\n          name\n        }\n        assignee {\n          id\n          name\n        }\n        slaDueAt\n        slaBreachedAt\n        slaWarnedAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query Queue($filter: TicketFilter, $first: Int, $after: String) {\n    tickets(filter: $filter, first: $first, after: $after) {\n      nodes {\n        id\n        key\n        title\n        kind\n        status\n        statusLabel\n        severity\n        agreement\n        proposal {\n          severity\n          awaiting\n        }\n        org {\n          id\n          name\n        }\n        assignee {\n          id\n          name\n        }\n        slaDueAt\n        slaBreachedAt\n        slaWarnedAt\n        updatedAt\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription QueueEvents($orgId: ID!) {\n    ticketEvents(orgId: $orgId) {\n      id\n      type\n      ticketId\n    }\n  }\n"): (typeof documents)["\n  subscription QueueEvents($orgId: ID!) {\n    ticketEvents(orgId: $orgId) {\n      id\n      type\n      ticketId\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation OpenTicket($input: OpenTicketInput!) {\n    openTicket(input: $input) {\n      id\n      key\n    }\n  }\n"): (typeof documents)["\n  mutation OpenTicket($input: OpenTicketInput!) {\n    openTicket(input: $input) {\n      id\n      key\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateRelease($input: CreateReleaseInput!) {\n    createRelease(input: $input) {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation CreateRelease($input: CreateReleaseInput!) {\n    createRelease(input: $input) {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AnnounceRelease($input: AnnounceReleaseInput!) {\n    announceRelease(input: $input) {\n      orgs\n      recipients\n    }\n  }\n"): (typeof documents)["\n  mutation AnnounceRelease($input: AnnounceReleaseInput!) {\n    announceRelease(input: $input) {\n      orgs\n      recipients\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelRelease($releaseId: ID!, $reason: String) {\n    cancelRelease(releaseId: $releaseId, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation CancelRelease($releaseId: ID!, $reason: String) {\n    cancelRelease(releaseId: $releaseId, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaReport($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      org {\n        id\n        name\n      }\n      month\n      timeZone\n      complete\n      severities {\n        severity\n        target {\n          minutes\n          clock\n        }\n        figures {\n          ...TicketFiguresFields\n        }\n      }\n      total {\n        ...TicketFiguresFields\n      }\n      breaches {\n        ticketId\n        key\n        title\n        severity\n        openedAt\n        dueAt\n        breachedAt\n        firstResponseAt\n      }\n      alarms {\n        ...AlarmFiguresFields\n      }\n      providerAlarms {\n        ...AlarmFiguresFields\n      }\n    }\n  }\n  fragment TicketFiguresFields on TicketFigures {\n    opened\n    responded\n    responseMedianSeconds\n    responseP90Seconds\n    met\n    breached\n    pending\n    noTarget\n    metRatio\n  }\n  fragment AlarmFiguresFields on AlarmFigures {\n    triggered\n    acknowledged\n    ackMedianSeconds\n    ackP90Seconds\n    resolved\n    resolveMedianSeconds\n    resolveP90Seconds\n    escalated\n    escalations\n    disasterRecoveries\n    followUpsOpen\n  }\n"): (typeof documents)["\n  query SlaReport($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      org {\n        id\n        name\n      }\n      month\n      timeZone\n      complete\n      severities {\n        severity\n        target {\n          minutes\n          clock\n        }\n        figures {\n          ...TicketFiguresFields\n        }\n      }\n      total {\n        ...TicketFiguresFields\n      }\n      breaches {\n        ticketId\n        key\n        title\n        severity\n        openedAt\n        dueAt\n        breachedAt\n        firstResponseAt\n      }\n      alarms {\n        ...AlarmFiguresFields\n      }\n      providerAlarms {\n        ...AlarmFiguresFields\n      }\n    }\n  }\n  fragment TicketFiguresFields on TicketFigures {\n    opened\n    responded\n    responseMedianSeconds\n    responseP90Seconds\n    met\n    breached\n    pending\n    noTarget\n    metRatio\n  }\n  fragment AlarmFiguresFields on AlarmFigures {\n    triggered\n    acknowledged\n    ackMedianSeconds\n    ackP90Seconds\n    resolved\n    resolveMedianSeconds\n    resolveP90Seconds\n    escalated\n    escalations\n    disasterRecoveries\n    followUpsOpen\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServicePage($id: ID!) {\n    service(id: $id) {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query ServicePage($id: ID!) {\n    service(id: $id) {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceChecks($id: ID!) {\n    serviceChecks(serviceId: $id) {\n      probes {\n        id\n        name\n        method\n        url\n        expectedStatus\n        timeoutMs\n        bodyContains\n        intervalSeconds\n        failureThreshold\n        successThreshold\n        state\n        lastCheckedAt\n      }\n      heartbeats {\n        id\n        name\n        intervalSeconds\n        graceSeconds\n        state\n        lastBeatAt\n        dueBy\n      }\n      alarmMatches {\n        source\n        alarmService\n      }\n    }\n  }\n"): (typeof documents)["\n  query ServiceChecks($id: ID!) {\n    serviceChecks(serviceId: $id) {\n      probes {\n        id\n        name\n        method\n        url\n        expectedStatus\n        timeoutMs\n        bodyContains\n        intervalSeconds\n        failureThreshold\n        successThreshold\n        state\n        lastCheckedAt\n      }\n      heartbeats {\n        id\n        name\n        intervalSeconds\n        graceSeconds\n        state\n        lastBeatAt\n        dueBy\n      }\n      alarmMatches {\n        source\n        alarmService\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ArchiveService($id: ID!) {\n    archiveService(serviceId: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation ArchiveService($id: ID!) {\n    archiveService(serviceId: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServicesPage {\n    services {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n    }\n  }\n"): (typeof documents)["\n  query ServicesPage {\n    services {\n      id\n      name\n      description\n      isPublic\n      allOrgs\n      orgIds\n      state\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateService($input: CreateServiceInput!) {\n    createService(input: $input) {\n      id\n      name\n    }\n  }\n"): (typeof documents)["\n  mutation CreateService($input: CreateServiceInput!) {\n    createService(input: $input) {\n      id\n      name\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SettingsPage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      phone\n      notificationChoices {\n        kind\n        channels\n        chosen\n      }\n    }\n  }\n"): (typeof documents)["\n  query SettingsPage($orgId: ID!) {\n    people(orgId: $orgId) {\n      id\n      phone\n      notificationChoices {\n        kind\n        channels\n        chosen\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TicketDetail on Ticket {\n    id\n    key\n    title\n    description\n    kind\n    status\n    statusLabel\n    severity\n    severityAgreedAt\n    agreement\n    proposal {\n      severity\n      by\n      awaiting\n      proposedBy {\n        id\n        name\n      }\n    }\n    org {\n      id\n      name\n    }\n    initiator {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    slaDueAt\n    slaWarnedAt\n    slaBreachedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        id\n        name\n      }\n      side\n      body\n      door\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  fragment TicketDetail on Ticket {\n    id\n    key\n    title\n    description\n    kind\n    status\n    statusLabel\n    severity\n    severityAgreedAt\n    agreement\n    proposal {\n      severity\n      by\n      awaiting\n      proposedBy {\n        id\n        name\n      }\n    }\n    org {\n      id\n      name\n    }\n    initiator {\n      id\n      name\n    }\n    assignee {\n      id\n      name\n    }\n    slaDueAt\n    slaWarnedAt\n    slaBreachedAt\n    firstResponseAt\n    resolvedAt\n    closedAt\n    createdAt\n    updatedAt\n    comments {\n      id\n      author {\n        id\n        name\n      }\n      side\n      body\n      door\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  query TicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketById($id: ID!) {\n    ticket(id: $id) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  query TicketById($id: ID!) {\n    ticket(id: $id) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription TicketLive($ticketId: ID!) {\n    ticketEvents(ticketId: $ticketId) {\n      id\n      type\n      at\n      actorId\n      payload\n    }\n  }\n"): (typeof documents)["\n  subscription TicketLive($ticketId: ID!) {\n    ticketEvents(ticketId: $ticketId) {\n      id\n      type\n      at\n      actorId\n      payload\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ProposeSeverity($ticketId: ID!, $severity: Severity!) {\n    proposeSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation ProposeSeverity($ticketId: ID!, $severity: Severity!) {\n    proposeSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AcceptSeverity($ticketId: ID!, $severity: Severity) {\n    acceptSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation AcceptSeverity($ticketId: ID!, $severity: Severity) {\n    acceptSeverity(ticketId: $ticketId, severity: $severity) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignTicket($ticketId: ID!, $assigneeId: ID) {\n    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation AssignTicket($ticketId: ID!, $assigneeId: ID) {\n    assignTicket(ticketId: $ticketId, assigneeId: $assigneeId) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!) {\n    changeTicketStatus(ticketId: $ticketId, status: $status) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation ChangeTicketStatus($ticketId: ID!, $status: TicketStatus!) {\n    changeTicketStatus(ticketId: $ticketId, status: $status) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CommentOnTicket($ticketId: ID!, $body: String!) {\n    commentOnTicket(ticketId: $ticketId, body: $body) {\n      ticket {\n        ...TicketDetail\n      }\n      comment {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation CommentOnTicket($ticketId: ID!, $body: String!) {\n    commentOnTicket(ticketId: $ticketId, body: $body) {\n      ticket {\n        ...TicketDetail\n      }\n      comment {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ApproveClosure($ticketId: ID!) {\n    approveClosure(ticketId: $ticketId) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation ApproveClosure($ticketId: ID!) {\n    approveClosure(ticketId: $ticketId) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReopenTicket($ticketId: ID!, $reason: String) {\n    reopenTicket(ticketId: $ticketId, reason: $reason) {\n      ...TicketDetail\n    }\n  }\n"): (typeof documents)["\n  mutation ReopenTicket($ticketId: ID!, $reason: String) {\n    reopenTicket(ticketId: $ticketId, reason: $reason) {\n      ...TicketDetail\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DeclareIncident($input: DeclareIncidentInput!) {\n    declareIncident(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation DeclareIncident($input: DeclareIncidentInput!) {\n    declareIncident(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LinkedAlarm($id: ID!) {\n    alarm(id: $id) {\n      id\n      summary\n      state\n      source\n    }\n  }\n"): (typeof documents)["\n  query LinkedAlarm($id: ID!) {\n    alarm(id: $id) {\n      id\n      summary\n      state\n      source\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LinkedTicket($id: ID!) {\n    ticket(id: $id) {\n      id\n      key\n      title\n    }\n  }\n"): (typeof documents)["\n  query LinkedTicket($id: ID!) {\n    ticket(id: $id) {\n      id\n      key\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OpenAlarmChoices {\n    alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 50) {\n      nodes {\n        id\n        summary\n        source\n      }\n    }\n  }\n"): (typeof documents)["\n  query OpenAlarmChoices {\n    alarms(filter: { states: [TRIGGERED, ACKNOWLEDGED] }, first: 50) {\n      nodes {\n        id\n        summary\n        source\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query IncidentTicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n    }\n  }\n"): (typeof documents)["\n  query IncidentTicketByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkIncidentAlarm($incidentId: ID!, $alarmId: ID!) {\n    linkIncidentAlarm(incidentId: $incidentId, alarmId: $alarmId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation LinkIncidentAlarm($incidentId: ID!, $alarmId: ID!) {\n    linkIncidentAlarm(incidentId: $incidentId, alarmId: $alarmId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LinkIncidentTicket($incidentId: ID!, $ticketId: ID!) {\n    linkIncidentTicket(incidentId: $incidentId, ticketId: $ticketId) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation LinkIncidentTicket($incidentId: ID!, $ticketId: ID!) {\n    linkIncidentTicket(incidentId: $incidentId, ticketId: $ticketId) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScheduleMaintenance($input: ScheduleMaintenanceInput!) {\n    scheduleMaintenance(input: $input) {\n      id\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation ScheduleMaintenance($input: ScheduleMaintenanceInput!) {\n    scheduleMaintenance(input: $input) {\n      id\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RescheduleMaintenance($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!, $reason: String) {\n    rescheduleMaintenance(windowId: $id, startsAt: $startsAt, endsAt: $endsAt, reason: $reason) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation RescheduleMaintenance($id: ID!, $startsAt: DateTime!, $endsAt: DateTime!, $reason: String) {\n    rescheduleMaintenance(windowId: $id, startsAt: $startsAt, endsAt: $endsAt, reason: $reason) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelMaintenance($id: ID!, $reason: String) {\n    cancelMaintenance(windowId: $id, reason: $reason) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CancelMaintenance($id: ID!, $reason: String) {\n    cancelMaintenance(windowId: $id, reason: $reason) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation PostIncidentUpdate($input: PostIncidentUpdateInput!) {\n    postIncidentUpdate(input: $input) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceChoices {\n    services {\n      id\n      name\n      isPublic\n    }\n  }\n"): (typeof documents)["\n  query ServiceChoices {\n    services {\n      id\n      name\n      isPublic\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription IncidentsLive($orgId: ID) {\n    incidentEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"): (typeof documents)["\n  subscription IncidentsLive($orgId: ID) {\n    incidentEvents(orgId: $orgId) {\n      id\n      type\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AssignQuarantinedMail($id: ID!, $orgId: ID, $ticketId: ID) {\n    assignQuarantinedMail(id: $id, orgId: $orgId, ticketId: $ticketId) {\n      mail {\n        id\n        status\n      }\n      ticket {\n        id\n        key\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AssignQuarantinedMail($id: ID!, $orgId: ID, $ticketId: ID) {\n    assignQuarantinedMail(id: $id, orgId: $orgId, ticketId: $ticketId) {\n      mail {\n        id\n        status\n      }\n      ticket {\n        id\n        key\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation DropQuarantinedMail($id: ID!, $reason: String) {\n    dropQuarantinedMail(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation DropQuarantinedMail($id: ID!, $reason: String) {\n    dropQuarantinedMail(id: $id, reason: $reason) {\n      id\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketIdByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n      key\n    }\n  }\n"): (typeof documents)["\n  query TicketIdByKey($key: String!) {\n    ticketByKey(key: $key) {\n      id\n      key\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchTickets($search: String!, $filter: TicketFilter, $openedFrom: DateTime, $openedBefore: DateTime, $first: Int, $after: String) {\n    searchTickets(search: $search, filter: $filter, openedFrom: $openedFrom, openedBefore: $openedBefore, first: $first, after: $after) {\n      nodes {\n        ticket {\n          id\n          key\n          title\n          statusLabel\n          org {\n            id\n            name\n          }\n        }\n        field\n        highlight {\n          text\n          hit\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query SearchTickets($search: String!, $filter: TicketFilter, $openedFrom: DateTime, $openedBefore: DateTime, $first: Int, $after: String) {\n    searchTickets(search: $search, filter: $filter, openedFrom: $openedFrom, openedBefore: $openedBefore, first: $first, after: $after) {\n      nodes {\n        ticket {\n          id\n          key\n          title\n          statusLabel\n          org {\n            id\n            name\n          }\n        }\n        field\n        highlight {\n          text\n          hit\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SlaSatisfaction($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      satisfaction {\n        ratings\n        average\n        distribution\n      }\n    }\n  }\n"): (typeof documents)["\n  query SlaSatisfaction($orgId: ID!, $month: String!) {\n    slaReport(orgId: $orgId, month: $month) {\n      satisfaction {\n        ratings\n        average\n        distribution\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetServiceAlarmMatches($id: ID!, $matches: [ServiceAlarmMatchInput!]!) {\n    setServiceAlarmMatches(serviceId: $id, matches: $matches) {\n      source\n      alarmService\n    }\n  }\n"): (typeof documents)["\n  mutation SetServiceAlarmMatches($id: ID!, $matches: [ServiceAlarmMatchInput!]!) {\n    setServiceAlarmMatches(serviceId: $id, matches: $matches) {\n      source\n      alarmService\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ServiceAvailability($id: ID!, $probeId: ID, $day: DateTime!, $week: DateTime!, $quarter: DateTime!, $until: DateTime!) {\n    day: serviceAvailability(serviceId: $id, probeId: $probeId, since: $day, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    week: serviceAvailability(serviceId: $id, probeId: $probeId, since: $week, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    quarter: serviceAvailability(serviceId: $id, probeId: $probeId, since: $quarter, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n  }\n"): (typeof documents)["\n  query ServiceAvailability($id: ID!, $probeId: ID, $day: DateTime!, $week: DateTime!, $quarter: DateTime!, $until: DateTime!) {\n    day: serviceAvailability(serviceId: $id, probeId: $probeId, since: $day, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    week: serviceAvailability(serviceId: $id, probeId: $probeId, since: $week, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n    quarter: serviceAvailability(serviceId: $id, probeId: $probeId, since: $quarter, until: $until) {\n      count\n      availability\n      p50Ms\n      p95Ms\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateHeartbeat($input: CreateHeartbeatInput!) {\n    createHeartbeat(input: $input) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation CreateHeartbeat($input: CreateHeartbeatInput!) {\n    createHeartbeat(input: $input) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RotateHeartbeatSecret($id: ID!) {\n    rotateHeartbeatSecret(heartbeatId: $id) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n"): (typeof documents)["\n  mutation RotateHeartbeatSecret($id: ID!) {\n    rotateHeartbeatSecret(heartbeatId: $id) {\n      heartbeat {\n        id\n        name\n      }\n      secret\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveHeartbeat($id: ID!) {\n    removeHeartbeat(heartbeatId: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveHeartbeat($id: ID!) {\n    removeHeartbeat(heartbeatId: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateProbe($input: CreateProbeInput!) {\n    createProbe(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation CreateProbe($input: CreateProbeInput!) {\n    createProbe(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateProbe($input: UpdateProbeInput!) {\n    updateProbe(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateProbe($input: UpdateProbeInput!) {\n    updateProbe(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RemoveProbe($id: ID!) {\n    removeProbe(probeId: $id)\n  }\n"): (typeof documents)["\n  mutation RemoveProbe($id: ID!) {\n    removeProbe(probeId: $id)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ProbeResults($id: ID!, $first: Int!) {\n    probeResults(probeId: $id, first: $first) {\n      at\n      up\n      latencyMs\n      statusCode\n      error\n    }\n  }\n"): (typeof documents)["\n  query ProbeResults($id: ID!, $first: Int!) {\n    probeResults(probeId: $id, first: $first) {\n      at\n      up\n      latencyMs\n      statusCode\n      error\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateService($input: UpdateServiceInput!) {\n    updateService(input: $input) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateService($input: UpdateServiceInput!) {\n    updateService(input: $input) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetServiceOrgs($id: ID!, $orgIds: [ID!]) {\n    setServiceOrgs(serviceId: $id, orgIds: $orgIds) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation SetServiceOrgs($id: ID!, $orgIds: [ID!]) {\n    setServiceOrgs(serviceId: $id, orgIds: $orgIds) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StartOrgExport($orgId: ID!) {\n    startOrgExport(orgId: $orgId) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n"): (typeof documents)["\n  mutation StartOrgExport($orgId: ID!) {\n    startOrgExport(orgId: $orgId) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OrgExport($id: ID!) {\n    orgExport(id: $id) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n"): (typeof documents)["\n  query OrgExport($id: ID!) {\n    orgExport(id: $id) {\n      id state kindsTotal kindsDone rowsDone sizeBytes failure expiresAt downloadUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation FollowTickets($input: FollowTicketsInput!) {\n    followTickets(input: $input) {\n      orgId\n      follows\n    }\n  }\n"): (typeof documents)["\n  mutation FollowTickets($input: FollowTicketsInput!) {\n    followTickets(input: $input) {\n      orgId\n      follows\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationChoice($input: SetNotificationChoiceInput!) {\n    setNotificationChoice(input: $input) {\n      kind\n      channels\n      chosen\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationChoice($input: SetNotificationChoiceInput!) {\n    setNotificationChoice(input: $input) {\n      kind\n      channels\n      chosen\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyNotificationRules {\n    notificationRules {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyNotificationRules {\n    notificationRules {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetNotificationRules($input: SetNotificationRulesInput!) {\n    setNotificationRules(input: $input) {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SetNotificationRules($input: SetNotificationRulesInput!) {\n    setNotificationRules(input: $input) {\n      personId\n      isDefault\n      steps {\n        channel\n        delayMinutes\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetPhone($input: SetPhoneInput!) {\n    setPhone(input: $input) {\n      personId\n      phone\n    }\n  }\n"): (typeof documents)["\n  mutation SetPhone($input: SetPhoneInput!) {\n    setPhone(input: $input) {\n      personId\n      phone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketAttachments($id: ID!) {\n    ticket(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        size\n        source\n        uploadedBy {\n          id\n          name\n        }\n        uploadedAt\n        downloadUrl\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketAttachments($id: ID!) {\n    ticket(id: $id) {\n      id\n      attachments {\n        id\n        fileName\n        contentType\n        size\n        source\n        uploadedBy {\n          id\n          name\n        }\n        uploadedAt\n        downloadUrl\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketNotes($id: ID!) {\n    ticket(id: $id) {\n      id\n      notes {\n        id\n        author {\n          id\n          name\n        }\n        body\n        door\n        createdAt\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketNotes($id: ID!) {\n    ticket(id: $id) {\n      id\n      notes {\n        id\n        author {\n          id\n          name\n        }\n        body\n        door\n        createdAt\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AddTicketNote($ticketId: ID!, $body: String!) {\n    addTicketNote(ticketId: $ticketId, body: $body) {\n      note {\n        id\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AddTicketNote($ticketId: ID!, $body: String!) {\n    addTicketNote(ticketId: $ticketId, body: $body) {\n      note {\n        id\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TicketSla($id: ID!) {\n    ticket(id: $id) {\n      id\n      resolution {\n        minutes\n        clock\n        dueAt\n        pausedAt\n        pausedMinutes\n        warnedAt\n        breachedAt\n        metAt\n      }\n      slaPauses {\n        pausedAt\n        resumedAt\n        pausedMinutes\n      }\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query TicketSla($id: ID!) {\n    ticket(id: $id) {\n      id\n      resolution {\n        minutes\n        clock\n        dueAt\n        pausedAt\n        pausedMinutes\n        warnedAt\n        breachedAt\n        metAt\n      }\n      slaPauses {\n        pausedAt\n        resumedAt\n        pausedMinutes\n      }\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RateTicket($ticketId: ID!, $score: Int!, $comment: String) {\n    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {\n      id\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation RateTicket($ticketId: ID!, $score: Int!, $comment: String) {\n    rateTicket(ticketId: $ticketId, score: $score, comment: $comment) {\n      id\n      satisfaction {\n        canRate\n        rating {\n          score\n          comment\n          ratedAt\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;