-- Custom SQL migration file, put your code below! --
-- Hand-written: the workspaces of the client contacts registered so far, so that an upgrade keeps
-- serving today's users. A team becomes a client org's workspace when the Slack identities of that
-- org's members, and of no other client org's, are in it; a team whose users belong to several
-- client orgs is left for an admin to claim. Never the provider's own workspace: a team of a
-- provider member's identity, or one channels are linked under (the installation's team), is skipped.
-- Not audited: the migration has no actor and the hash chains are appended by the application.
INSERT INTO "slack_workspaces" ("team_id", "org_id")
SELECT si."team_id", (array_agg(DISTINCT m."org_id"))[1]
FROM "slack_identities" si
JOIN "memberships" m ON m."person_id" = si."person_id"
JOIN "orgs" o ON o."id" = m."org_id" AND o."kind" = 'client'
WHERE si."team_id" NOT IN (SELECT cl."team_id" FROM "channel_links" cl)
  AND si."team_id" NOT IN (
    SELECT psi."team_id"
    FROM "slack_identities" psi
    JOIN "memberships" pm ON pm."person_id" = psi."person_id"
    JOIN "orgs" po ON po."id" = pm."org_id" AND po."kind" = 'provider'
  )
GROUP BY si."team_id"
HAVING count(DISTINCT m."org_id") = 1
ON CONFLICT ("team_id") DO NOTHING;
