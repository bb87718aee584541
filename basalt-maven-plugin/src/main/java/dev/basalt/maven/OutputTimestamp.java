package dev.basalt.maven;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * {@code project.build.outputTimestamp} read exactly as maven-archiver reads it, so that the
 * image and the project's jars carry the same time: seconds since the epoch, or ISO-8601 with
 * an offset; a value of one character (how a child pom switches an inherited value off) or none
 * means unset.
 */
final class OutputTimestamp {
  /** maven-archiver's range: what a zip entry's DOS time can hold. */
  static final Instant MIN = Instant.parse("1980-01-01T00:00:02Z");
  static final Instant MAX = Instant.parse("2099-12-31T23:59:59Z");

  private OutputTimestamp() {}

  /** The instant {@code value} names, or empty when it is unset; IllegalArgumentException says why a value is bad. */
  static Optional<Instant> parse(String value) {
    if (value == null || value.isEmpty()) {
      return Optional.empty();
    }
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      Instant instant;
      try {
        instant = Instant.ofEpochSecond(Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(outOfRange(value));
      }
      return Optional.of(inRange(instant, value));
    }
    if (value.length() < 2) {
      return Optional.empty();
    }
    try {
      Instant instant = OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)
          .toInstant();
      return Optional.of(inRange(instant, value));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("project.build.outputTimestamp '" + value + "' is neither seconds since the epoch"
          + " nor an ISO-8601 date and time with an offset (e.g. 2026-01-01T00:00:00Z)");
    }
  }

  private static Instant inRange(Instant instant, String value) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(outOfRange(value));
    }
    return instant;
  }

  private static String outOfRange(String value) {
    return "project.build.outputTimestamp '" + value + "' is outside the range " + MIN + " to " + MAX
        + " that Maven's archiver accepts";
  }
}
