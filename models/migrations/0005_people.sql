CREATE TABLE "network_role_changes" (
	"id" serial PRIMARY KEY NOT NULL,
	"context_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"changed_by_user_id" integer,
	"from_role" text,
	"to_role" text NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "school_leader_schools" (
	"school_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	CONSTRAINT "school_leader_schools_school_id_user_id_pk" PRIMARY KEY("school_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "schools" (
	"id" serial PRIMARY KEY NOT NULL,
	"network_id" integer NOT NULL,
	"name" text NOT NULL,
	"municipality" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "network_role" text;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "network_role_set_by_user_id" integer;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "network_role_set_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "school_id" integer;--> statement-breakpoint
ALTER TABLE "network_role_changes" ADD CONSTRAINT "network_role_changes_context_id_contexts_id_fk" FOREIGN KEY ("context_id") REFERENCES "public"."contexts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_role_changes" ADD CONSTRAINT "network_role_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_role_changes" ADD CONSTRAINT "network_role_changes_changed_by_user_id_users_id_fk" FOREIGN KEY ("changed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_leader_schools" ADD CONSTRAINT "school_leader_schools_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "school_leader_schools" ADD CONSTRAINT "school_leader_schools_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "network_role_changes_context_user" ON "network_role_changes" USING btree ("context_id","user_id");--> statement-breakpoint
CREATE INDEX "school_leader_schools_user" ON "school_leader_schools" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "schools_network_name" ON "schools" USING btree ("network_id",lower("name"),lower("municipality"));--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_network_role_set_by_user_id_users_id_fk" FOREIGN KEY ("network_role_set_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_school_id_schools_id_fk" FOREIGN KEY ("school_id") REFERENCES "public"."schools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- Existing members keep what their last launch or roster sync gave them: the network role is the first of their tool roles, no leader has chosen it yet.
UPDATE "memberships" SET "network_role" = CASE
  WHEN 'leader' = ANY("roles") THEN 'leader'
  WHEN 'staff' = ANY("roles") THEN 'staff'
  WHEN 'mentor' = ANY("roles") THEN 'mentor'
  WHEN 'participant' = ANY("roles") THEN 'participant'
END;--> statement-breakpoint
UPDATE "memberships" SET "roles" = array_remove(ARRAY["network_role", CASE WHEN 'admin' = ANY("roles") THEN 'admin' END], NULL);
