package dev.basalt.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputTimestampTest {
  @Test
  void isoWithZoneOrOffsetIsTheSameInstantInUtcTruncatedToSeconds() {
    assertThat(OutputTimestamp.parse("2026-01-01T00:00:00Z")).contains(Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(OutputTimestamp.parse("2019-10-05T20:37:42+06:00")).contains(Instant.parse("2019-10-05T14:37:42Z"));
    assertThat(OutputTimestamp.parse("2019-10-05T20:37:42.987Z")).contains(Instant.parse("2019-10-05T20:37:42Z"));
  }

  @Test
  void digitsAreSecondsSinceTheEpoch() {
    assertThat(OutputTimestamp.parse("1767225600")).contains(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Test
  void unsetEmptyOrOneCharacterMeansNoTimestamp() {
    assertThat(OutputTimestamp.parse(null)).isEqualTo(Optional.empty());
    assertThat(OutputTimestamp.parse("")).isEqualTo(Optional.empty());
    assertThat(OutputTimestamp.parse("x")).isEqualTo(Optional.empty());
  }

  @Test
  void badOrOutOfRangeValuesAreRefusedNamingTheValue() {
    assertThatThrownBy(() -> OutputTimestamp.parse("yesterday")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("project.build.outputTimestamp 'yesterday' is neither seconds since the epoch nor an ISO-8601 date"
            + " and time with an offset (e.g. 2026-01-01T00:00:00Z)");
    assertThatThrownBy(() -> OutputTimestamp.parse("2026-01-01T00:00:00")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("project.build.outputTimestamp '2026-01-01T00:00:00' is neither");
    assertThatThrownBy(() -> OutputTimestamp.parse("1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("project.build.outputTimestamp '1' is outside the range 1980-01-01T00:00:02Z to 2099-12-31T23:59:59Z"
            + " that Maven's archiver accepts");
    assertThatThrownBy(() -> OutputTimestamp.parse("2100-01-01T00:00:00Z")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the range");
    assertThatThrownBy(() -> OutputTimestamp.parse("99999999999999999999")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the range");
  }
}
