package shop.common.http;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps are stored as UTC {@code DATETIME(3)} and written as ISO-8601 with {@code Z}. */
public final class Times {

  private Times() {
  }

  /** {@code 2026-11-25T21:05:15.18Z}, or null. */
  public static String utc(LocalDateTime t) {
    return t == null ? null : t.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }
}
