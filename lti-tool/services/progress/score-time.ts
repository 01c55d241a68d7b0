/**
 * The timestamp for a new score of a cell: now, or the second after the cell's latest score when that is this
 * same second. Moodle keeps a grade's time in whole seconds and refuses (409) a score not later than it, so
 * two changes within one second (a release and a hide again, two check-ins) would lose the second.
 */
export function scoreTimeAfter(now: Date, latest: Date | undefined): Date {
  if (!latest) return now;
  const latestSecond = Math.floor(latest.getTime() / 1000);
  return Math.floor(now.getTime() / 1000) > latestSecond ? now : new Date((latestSecond + 1) * 1000);
}
