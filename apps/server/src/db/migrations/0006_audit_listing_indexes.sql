-- The audit listing orders by (occurred_at, seq): one index per filter ending in those columns.
-- New indexes first, then the old ones they replace (an index drop loses no data).
CREATE INDEX "audit_events_org_action_time_idx" ON "audit_events" USING btree ("organization_id","action","occurred_at","seq");--> statement-breakpoint
CREATE INDEX "audit_events_org_actor_time_idx" ON "audit_events" USING btree ("organization_id","actor_id","occurred_at","seq");--> statement-breakpoint
CREATE INDEX "audit_events_org_target_time_idx" ON "audit_events" USING btree ("organization_id","target_type","target_id","occurred_at","seq");--> statement-breakpoint
CREATE INDEX "audit_events_org_time_seq_idx" ON "audit_events" USING btree ("organization_id","occurred_at","seq");--> statement-breakpoint
DROP INDEX "audit_events_org_action_idx";--> statement-breakpoint
DROP INDEX "audit_events_org_actor_idx";--> statement-breakpoint
DROP INDEX "audit_events_org_target_idx";--> statement-breakpoint
DROP INDEX "audit_events_org_time_idx";
