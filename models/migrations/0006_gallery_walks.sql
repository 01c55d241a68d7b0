CREATE TABLE "gallery_comments" (
	"id" serial PRIMARY KEY NOT NULL,
	"walk_id" integer NOT NULL,
	"station_id" integer NOT NULL,
	"version_id" integer NOT NULL,
	"slide" integer NOT NULL,
	"prompt_index" integer,
	"body" text NOT NULL,
	"region" jsonb,
	"notes_sentence" integer,
	"notes_quote" text,
	"round" integer,
	"author_user_id" integer NOT NULL,
	"client_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"response" text,
	"response_version" integer,
	"responded_at" timestamp with time zone,
	"helpful" boolean DEFAULT false NOT NULL,
	"hidden_at" timestamp with time zone,
	"hidden_by_user_id" integer,
	"hidden_reason" text
);
--> statement-breakpoint
CREATE TABLE "gallery_reactions" (
	"station_id" integer NOT NULL,
	"slide" integer NOT NULL,
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gallery_reactions_station_id_slide_user_id_kind_pk" PRIMARY KEY("station_id","slide","user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "gallery_replies" (
	"id" serial PRIMARY KEY NOT NULL,
	"comment_id" integer NOT NULL,
	"author_user_id" integer NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gallery_stations" (
	"id" serial PRIMARY KEY NOT NULL,
	"walk_id" integer NOT NULL,
	"number" integer NOT NULL,
	"submission_id" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gallery_visits" (
	"walk_id" integer NOT NULL,
	"round" integer NOT NULL,
	"user_id" integer NOT NULL,
	"station_id" integer NOT NULL,
	CONSTRAINT "gallery_visits_walk_id_round_user_id_pk" PRIMARY KEY("walk_id","round","user_id")
);
--> statement-breakpoint
CREATE TABLE "gallery_walkers" (
	"walk_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"from_round" integer DEFAULT 1 NOT NULL,
	"joined_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "gallery_walkers_walk_id_user_id_pk" PRIMARY KEY("walk_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "gallery_walks" (
	"id" serial PRIMARY KEY NOT NULL,
	"network_id" integer NOT NULL,
	"meeting_id" integer,
	"assignment_id" integer NOT NULL,
	"mode" text DEFAULT 'live' NOT NULL,
	"title" text NOT NULL,
	"published_at" timestamp with time zone,
	"rounds" integer DEFAULT 3 NOT NULL,
	"round_minutes" integer DEFAULT 8 NOT NULL,
	"prompts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"anonymous" boolean DEFAULT false NOT NULL,
	"notes_visible" boolean DEFAULT false NOT NULL,
	"hide_until_posted" boolean DEFAULT false NOT NULL,
	"free_roaming" boolean DEFAULT false NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"plan_made_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"round" integer DEFAULT 0 NOT NULL,
	"round_started_at" timestamp with time zone,
	"extra_ms" integer DEFAULT 0 NOT NULL,
	"paused_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "live_connections" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"user_id" integer,
	"client_id" text NOT NULL,
	"connected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "live_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_walk_id_gallery_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."gallery_walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_station_id_gallery_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."gallery_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_version_id_submission_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."submission_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_comments" ADD CONSTRAINT "gallery_comments_hidden_by_user_id_users_id_fk" FOREIGN KEY ("hidden_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_reactions" ADD CONSTRAINT "gallery_reactions_station_id_gallery_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."gallery_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_reactions" ADD CONSTRAINT "gallery_reactions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_replies" ADD CONSTRAINT "gallery_replies_comment_id_gallery_comments_id_fk" FOREIGN KEY ("comment_id") REFERENCES "public"."gallery_comments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_replies" ADD CONSTRAINT "gallery_replies_author_user_id_users_id_fk" FOREIGN KEY ("author_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_stations" ADD CONSTRAINT "gallery_stations_walk_id_gallery_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."gallery_walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_stations" ADD CONSTRAINT "gallery_stations_submission_id_submissions_id_fk" FOREIGN KEY ("submission_id") REFERENCES "public"."submissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_visits" ADD CONSTRAINT "gallery_visits_walk_id_gallery_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."gallery_walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_visits" ADD CONSTRAINT "gallery_visits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_visits" ADD CONSTRAINT "gallery_visits_station_id_gallery_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."gallery_stations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walkers" ADD CONSTRAINT "gallery_walkers_walk_id_gallery_walks_id_fk" FOREIGN KEY ("walk_id") REFERENCES "public"."gallery_walks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walkers" ADD CONSTRAINT "gallery_walkers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walks" ADD CONSTRAINT "gallery_walks_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walks" ADD CONSTRAINT "gallery_walks_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walks" ADD CONSTRAINT "gallery_walks_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gallery_walks" ADD CONSTRAINT "gallery_walks_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_connections" ADD CONSTRAINT "live_connections_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gallery_comments_author_key" ON "gallery_comments" USING btree ("author_user_id","client_key");--> statement-breakpoint
CREATE INDEX "gallery_comments_station" ON "gallery_comments" USING btree ("station_id","slide");--> statement-breakpoint
CREATE INDEX "gallery_comments_walk" ON "gallery_comments" USING btree ("walk_id","id");--> statement-breakpoint
CREATE INDEX "gallery_replies_comment" ON "gallery_replies" USING btree ("comment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gallery_stations_walk_number" ON "gallery_stations" USING btree ("walk_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "gallery_stations_walk_submission" ON "gallery_stations" USING btree ("walk_id","submission_id");--> statement-breakpoint
CREATE INDEX "gallery_visits_station" ON "gallery_visits" USING btree ("station_id","round");--> statement-breakpoint
CREATE INDEX "gallery_walks_network" ON "gallery_walks" USING btree ("network_id");--> statement-breakpoint
CREATE INDEX "gallery_walks_meeting" ON "gallery_walks" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "live_connections_topic" ON "live_connections" USING btree ("topic","last_seen_at");--> statement-breakpoint
CREATE INDEX "live_events_topic" ON "live_events" USING btree ("topic","id");--> statement-breakpoint
CREATE INDEX "live_events_created" ON "live_events" USING btree ("created_at");