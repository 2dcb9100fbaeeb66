-- Request correlation: each event row keeps the request id of the call that
-- wrote it (the caller's x-request-id, or the one the server generated and
-- returned), or the id of the background job run (the escalation sweep), so
-- an event leads to the server's log lines for the same call and back. NULL
-- for rows written before this migration. The name avoids task_events'
-- request_id, which is the service request's id.
ALTER TABLE task_events ADD COLUMN correlation_id text;
ALTER TABLE complaint_events ADD COLUMN correlation_id text;
ALTER TABLE front_desk_history ADD COLUMN correlation_id text;
