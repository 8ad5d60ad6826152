CREATE TABLE "clients" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"civility" text,
	"first_name" text,
	"last_name" text,
	"birth_date" date,
	"company_name" text,
	"siren" text,
	"siret" text,
	"legal_form" text,
	"email" text,
	"phone" text,
	"address" jsonb,
	"assigned_broker_id" uuid,
	"notes" text,
	"gdpr_consent_at" timestamp with time zone,
	"retention_until" date,
	"anonymized_at" timestamp with time zone,
	"display_name" text NOT NULL,
	"search_text" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_kind_check" CHECK ("clients"."kind" in ('person', 'business'))
);
--> statement-breakpoint
CREATE TABLE "companies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"code" text NOT NULL,
	"broker_code" text,
	"contact_email" text,
	"contact_phone" text,
	"address" jsonb,
	"commission_rates" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"client_id" uuid NOT NULL,
	"company_id" uuid NOT NULL,
	"number" text NOT NULL,
	"product_line" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"effective_date" date NOT NULL,
	"renewal_date" date NOT NULL,
	"term_start" date NOT NULL,
	"tacit_renewal" boolean DEFAULT true NOT NULL,
	"payment_frequency" text NOT NULL,
	"annual_premium_cents" bigint NOT NULL,
	"tax_rate_bps" integer NOT NULL,
	"commission_rate_bps" integer NOT NULL,
	"insured_object" jsonb,
	"notes" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_status_check" CHECK ("policies"."status" in ('draft', 'active', 'suspended', 'cancelled', 'expired')),
	CONSTRAINT "policies_premium_check" CHECK ("policies"."annual_premium_cents" >= 0),
	CONSTRAINT "policies_dates_check" CHECK ("policies"."renewal_date" > "policies"."effective_date")
);
--> statement-breakpoint
CREATE TABLE "policy_status_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"effective_on" date NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "premiums" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"term_start" date NOT NULL,
	"sequence" integer NOT NULL,
	"due_date" date NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"tax_cents" bigint NOT NULL,
	"total_cents" bigint NOT NULL,
	"commission_cents" bigint NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"status_date" date,
	"payment_reference" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "premiums_status_check" CHECK ("premiums"."status" in ('issued', 'paid', 'unpaid', 'cancelled'))
);
--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_assigned_broker_id_users_id_fk" FOREIGN KEY ("assigned_broker_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "companies" ADD CONSTRAINT "companies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_status_changes" ADD CONSTRAINT "policy_status_changes_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_status_changes" ADD CONSTRAINT "policy_status_changes_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premiums" ADD CONSTRAINT "premiums_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "premiums" ADD CONSTRAINT "premiums_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "clients_org_name_idx" ON "clients" USING btree ("organization_id","display_name","id");--> statement-breakpoint
CREATE INDEX "clients_org_broker_idx" ON "clients" USING btree ("organization_id","assigned_broker_id");--> statement-breakpoint
CREATE INDEX "clients_org_city_idx" ON "clients" USING btree ("organization_id",lower("address"->>'city'));--> statement-breakpoint
CREATE INDEX "clients_search_trgm_idx" ON "clients" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "companies_org_code_unique" ON "companies" USING btree ("organization_id","code");--> statement-breakpoint
CREATE UNIQUE INDEX "policies_org_company_number_unique" ON "policies" USING btree ("organization_id","company_id","number");--> statement-breakpoint
CREATE INDEX "policies_org_client_idx" ON "policies" USING btree ("organization_id","client_id");--> statement-breakpoint
CREATE INDEX "policies_org_renewal_idx" ON "policies" USING btree ("organization_id","renewal_date") WHERE "policies"."status" = 'active';--> statement-breakpoint
CREATE INDEX "policies_org_status_idx" ON "policies" USING btree ("organization_id","status","number");--> statement-breakpoint
CREATE INDEX "policy_status_changes_policy_idx" ON "policy_status_changes" USING btree ("policy_id","changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "premiums_policy_term_sequence_unique" ON "premiums" USING btree ("policy_id","term_start","sequence");--> statement-breakpoint
CREATE INDEX "premiums_org_due_idx" ON "premiums" USING btree ("organization_id","due_date");