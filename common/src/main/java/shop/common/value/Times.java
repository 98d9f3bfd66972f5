package shop.common.value;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps are stored as UTC {@code DATETIME(3)} and written as ISO-8601 with {@code Z}. */
public final class Times {

  private Times() {
  }

  /**
   * Now in UTC at the database's {@code DATETIME(3)} precision, for rows whose times the service
   * knows before it writes them (so it need not read the row back).
   */
  public static LocalDateTime nowUtc() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  /** {@code 2026-11-25T21:05:15.18Z}, or null. */
  public static String utc(LocalDateTime t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
