-- A day's score snapshot is the lead's score at the end of that day. It was rewritten at every
-- score change of the day; it is now written once, when the lead is first scored on a later
-- day, and the lead's row holds the score of the day it was last scored (`scored_day`, the
-- team's local date). Snapshots on or after a lead's scored day are superseded by the lead.

-- AlterTable
ALTER TABLE "lead" ADD COLUMN "scored_day" DATE;

-- Each score write stored that day's snapshot with the lead's new score: a lead's latest
-- snapshot is its scored day, holding what the lead holds.
UPDATE "lead" AS l SET "scored_day" = s.day
  FROM (SELECT lead_id, max(day) AS day FROM "score_snapshot" GROUP BY lead_id) AS s
 WHERE s.lead_id = l.id;
DELETE FROM "score_snapshot" AS s USING "lead" AS l WHERE l.id = s.lead_id AND s.day >= l.scored_day;
