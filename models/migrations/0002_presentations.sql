CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"network_id" integer NOT NULL,
	"letter" text NOT NULL,
	"title" text NOT NULL,
	"instructions" text DEFAULT '' NOT NULL,
	"guiding_questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"meeting_id" integer,
	"due_at" timestamp with time zone NOT NULL,
	"visible_from" timestamp with time zone,
	"presentation_minutes" integer,
	"group_size" integer,
	"accepted_formats" text[] NOT NULL,
	"notes_required" boolean DEFAULT true NOT NULL,
	"max_bytes" integer NOT NULL,
	"peers_see_notes" boolean DEFAULT false NOT NULL,
	"leader_conversation" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "leader_conversations" (
	"id" serial PRIMARY KEY NOT NULL,
	"assignment_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"development_area" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by_user_id" integer,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "submission_versions" (
	"id" serial PRIMARY KEY NOT NULL,
	"submission_id" integer NOT NULL,
	"number" integer NOT NULL,
	"stored_name" text NOT NULL,
	"original_name" text NOT NULL,
	"format" text NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"sha256" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	"content" jsonb,
	"render_state" text DEFAULT 'pending' NOT NULL,
	"render_attempts" integer DEFAULT 0 NOT NULL,
	"render_next_at" timestamp with time zone DEFAULT now() NOT NULL,
	"render_locked_until" timestamp with time zone,
	"render_error" text,
	"slide_images" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "submissions" (
	"id" serial PRIMARY KEY NOT NULL,
	"assignment_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"state" text DEFAULT 'draft' NOT NULL,
	"final_at" timestamp with time zone,
	"late" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_conversations" ADD CONSTRAINT "leader_conversations_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_conversations" ADD CONSTRAINT "leader_conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "leader_conversations" ADD CONSTRAINT "leader_conversations_confirmed_by_user_id_users_id_fk" FOREIGN KEY ("confirmed_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submission_versions" ADD CONSTRAINT "submission_versions_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "submissions" ADD CONSTRAINT "submissions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assignments_network_letter" ON "assignments" USING btree ("network_id","letter");--> statement-breakpoint
CREATE UNIQUE INDEX "leader_conversations_assignment_user" ON "leader_conversations" USING btree ("assignment_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "submission_versions_number" ON "submission_versions" USING btree ("submission_id","number");--> statement-breakpoint
CREATE INDEX "submission_versions_render_due" ON "submission_versions" USING btree ("render_state","render_next_at");--> statement-breakpoint
CREATE UNIQUE INDEX "submissions_assignment_user" ON "submissions" USING btree ("assignment_id","user_id");