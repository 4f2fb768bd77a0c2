package dev.amboy.management;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FiltersTest {

  @Test
  void statusFiltersParseTheirNamesCaseInsensitivelyWithUnderscoresAccepted() {
    assertThat(StatusFilter.parse("In_Progress")).isEqualTo(StatusFilter.IN_PROGRESS);
    assertThat(StatusFilter.parse(" stale ")).isEqualTo(StatusFilter.STALE);
    assertThat(StatusFilter.parse("ALL")).isEqualTo(StatusFilter.ALL);
    assertThat(StatusFilter.COMPLETED.value()).isEqualTo("completed");
    assertThatThrownBy(() -> StatusFilter.parse("done"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown status filter 'done'; use one of in-progress, pending, stale, completed, all");
    assertThatThrownBy(() -> StatusFilter.parse(null))
        .hasMessageStartingWith("unknown status filter 'null'");
  }

  @Test
  void runtimeFiltersAcceptDurationForCompleted() {
    assertThat(RuntimeFilter.parse("duration")).isEqualTo(RuntimeFilter.DURATION);
    assertThat(RuntimeFilter.parse("Completed")).isEqualTo(RuntimeFilter.DURATION);
    assertThat(RuntimeFilter.parse("latency")).isEqualTo(RuntimeFilter.LATENCY);
    assertThatThrownBy(() -> RuntimeFilter.parse("slow"))
        .hasMessage("unknown runtime filter 'slow'; use one of completed, latency, running");
  }

  @Test
  void errorFiltersParseTheirNames() {
    assertThat(ErrorFilter.parse("unique-errors")).isEqualTo(ErrorFilter.UNIQUE);
    assertThat(ErrorFilter.parse("STATS-ONLY")).isEqualTo(ErrorFilter.STATS_ONLY);
    assertThatThrownBy(() -> ErrorFilter.parse("some"))
        .hasMessage(
            "unknown error filter 'some'; use one of unique-errors, all-errors, stats-only");
  }
}
