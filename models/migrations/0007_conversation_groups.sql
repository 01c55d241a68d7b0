CREATE TABLE "conversation_group_members" (
	"group_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"network_id" integer NOT NULL,
	"slot" text NOT NULL,
	CONSTRAINT "conversation_group_members_group_id_user_id_pk" PRIMARY KEY("group_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_groups" (
	"id" serial PRIMARY KEY NOT NULL,
	"network_id" integer NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'conversation' NOT NULL,
	"assignment_id" integer,
	"slot" text NOT NULL,
	"drawn_at" timestamp with time zone,
	"changed_by_hand_at" timestamp with time zone,
	"created_by_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "conversation_group_members" ADD CONSTRAINT "conversation_group_members_group_id_conversation_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."conversation_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_group_members" ADD CONSTRAINT "conversation_group_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_group_members" ADD CONSTRAINT "conversation_group_members_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_groups" ADD CONSTRAINT "conversation_groups_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_groups" ADD CONSTRAINT "conversation_groups_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_groups" ADD CONSTRAINT "conversation_groups_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "conversation_group_members_one_per_slot" ON "conversation_group_members" USING btree ("network_id","slot","user_id");--> statement-breakpoint
CREATE INDEX "conversation_groups_network" ON "conversation_groups" USING btree ("network_id","slot");