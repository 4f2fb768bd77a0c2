package dev.amboy.schedule;

import java.time.Instant;
import java.time.ZoneId;

/**
 * Runs at the times of a cron expression in a zone. A run that ends after later due times skips
 * them: the next run is the first due time after the run ended.
 */
record CronSchedule(CronExpression expression, ZoneId zone) implements Schedule {

  CronSchedule {
    if (expression == null) {
      throw new IllegalArgumentException("expression must be set but was null");
    }
    if (zone == null) {
      throw new IllegalArgumentException("zone must be set but was null");
    }
  }

  @Override
  public Instant firstRun(Instant now) {
    return expression.next(now, zone);
  }

  @Override
  public Instant nextRun(Instant previousDue, Instant now) {
    return expression.next(previousDue.isAfter(now) ? previousDue : now, zone);
  }

  @Override
  public String toString() {
    return "cron '" + expression + "' in " + zone;
  }
}
