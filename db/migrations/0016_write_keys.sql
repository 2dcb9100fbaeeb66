-- Every write safe to retry (issue 24, AIP-155): a move or update sent with
-- a request_id keeps its response with its key, so a repeat answers exactly
-- what the first call answered (store/idempotency.h, WriteKey). Creates
-- keep their resource's name as before. A response about a guest who is
-- erased is forgotten (ForgetResponsesAbout).
ALTER TABLE idempotency_keys ADD COLUMN response bytea;
CREATE INDEX idempotency_keys_by_resource
  ON idempotency_keys (resource_name text_pattern_ops)
  WHERE response IS NOT NULL;
