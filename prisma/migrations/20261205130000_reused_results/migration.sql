-- A result reused for a byte-identical photo names the identification it came from,
-- and carries no model latency, tokens or cost: no model was called for it.
ALTER TABLE "identifications" ADD COLUMN "reused_from" UUID;
