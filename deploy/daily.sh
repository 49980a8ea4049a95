#!/bin/sh
# Jamaa's daily housekeeping, run by jamaa-daily.service (systemd) and by the `daily` service of
# deploy/container/compose.yaml, so both run exactly the same jobs. Each job runs even if an earlier
# one failed; the script fails if any did.
#   purge_personal_data      anonymise the personal data of records closed for longer than
#                            JAMAA_RETENTION_DAYS (730 by default; law 09-08), and never-confirmed ones
#   prune_db_task_results    delete finished background tasks older than 14 days from the queue table
#   purge_submission_receipts  forget the answers kept for retried form submissions (a day old)
#   send_staff_digest        the daily digest of new submissions for the staff who chose it
#   send_petition_reminders  the bureau's 3-month deadlines (organic law 113.14, art. 125)
#   send_information_reminders  the information officers' deadlines (law 31.13) and overdue digests
#   send_meeting_reminders   registrants of tomorrow's meetings (with the calendar file)
#   send_moderation_digest   comments on consultations waiting for a moderator
#   update_index             refresh the search index (Elasticsearch or the database)
cd "$(dirname "$0")/.." || exit 1
PYTHON=${PYTHON:-.venv/bin/python}
failed=0
for job in \
  "purge_personal_data" \
  "prune_db_task_results --queue-name * --min-age-days 14" \
  "purge_submission_receipts" \
  "send_staff_digest" \
  "send_petition_reminders" \
  "send_information_reminders" \
  "send_meeting_reminders" \
  "send_moderation_digest" \
  "update_index"; do
  echo "jamaa-daily: $job"
  # shellcheck disable=SC2086  # the job's words are its arguments; "*" must reach Django unexpanded
  (set -f; "$PYTHON" manage.py $job) || { echo "jamaa-daily: $job FAILED" >&2; failed=1; }
done
exit $failed
