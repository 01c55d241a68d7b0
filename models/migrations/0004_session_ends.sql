ALTER TABLE "launch_sessions" ADD COLUMN "ends_at" timestamp with time zone;--> statement-breakpoint
UPDATE "launch_sessions" SET "ends_at" = "expires_at";--> statement-breakpoint
ALTER TABLE "launch_sessions" ALTER COLUMN "ends_at" SET NOT NULL;
