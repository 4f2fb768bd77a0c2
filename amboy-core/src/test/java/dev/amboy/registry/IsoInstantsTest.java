package dev.amboy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoInstantsTest {

  private static Instant parse(String text) {
    return IsoInstants.parse(text.toCharArray(), 0, text.length());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1970-01-01T00:00:00Z",
        "1969-12-31T23:59:59.999999999Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00.100Z",
        "2026-11-29T10:00:00.000001Z",
        "2026-11-29T10:00:00.120Z",
        "2026-11-29T10:00:00.123456780Z",
        "2000-01-01T00:00:00.000000001Z"
      })
  void writesWhatInstantToStringWritesAndReadsItBack(String text) {
    Instant instant = Instant.parse(text);

    assertThat(IsoInstants.format(instant)).isEqualTo(instant.toString());
    assertThat(parse(instant.toString())).isEqualTo(instant);
  }

  @Test
  void agreesWithTheJdkOnRandomInstantsAcrossTheYears0To9999() {
    SplittableRandom random = new SplittableRandom(20261129);
    long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(random.nextLong(first, last + 1), nanos);
      String text = IsoInstants.format(instant);

      assertThat(text).isEqualTo(instant.toString());
      assertThat(parse(text)).isEqualTo(instant);
    }
  }

  @Test
  void readsEveryFractionLengthTheJdkReads() {
    String fraction = "123456789";
    for (int digits = 1; digits <= 9; digits++) {
      String text = "2026-11-29T10:15:30." + fraction.substring(0, digits) + "Z";

      assertThat(parse(text)).as(text).isEqualTo(Instant.parse(text));
    }
  }

  @Test
  void leavesYearsOutsideFourDigitsToTheJdk() {
    Instant late = Instant.parse("+10000-01-01T00:00:00Z");
    Instant early = Instant.parse("-0001-12-31T23:59:59Z");

    assertThat(IsoInstants.format(late)).isEqualTo("+10000-01-01T00:00:00Z");
    assertThat(IsoInstants.format(early)).isEqualTo("-0001-12-31T23:59:59Z");
    assertThat(parse("+10000-01-01T00:00:00Z")).isNull();
    assertThat(parse("-0001-12-31T23:59:59Z")).isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "2026-11-29",
        "2026-11-29T10:15:30",
        "2026-11-29T10:15:30+01:00",
        "2026-11-29T10:15:30z",
        "2026-11-29 10:15:30Z",
        "2026-11-29T10:15:30.Z",
        "2026-11-29T10:15:30.1234567890Z",
        "2026-11-29T10:15:30,5Z",
        "2026-11-29T10:15Z",
        "2026-13-01T00:00:00Z",
        "2026-00-01T00:00:00Z",
        "2026-02-29T00:00:00Z",
        "2026-04-31T00:00:00Z",
        "2026-11-29T24:00:00Z",
        "2026-11-29T10:60:00Z",
        "2016-12-31T23:59:60Z",
        "2026-1a-29T10:15:30Z",
        "２０２６-11-29T10:15:30Z",
        "1480000000"
      })
  void answersNullForAnythingButThePlainShape(String text) {
    assertThat(parse(text)).isNull();
  }

  @Test
  void readsASliceOfALargerBuffer() {
    char[] buffer = "xx\"2026-11-29T10:15:30.5Z\"yy".toCharArray();

    assertThat(IsoInstants.parse(buffer, 3, 22))
        .isEqualTo(Instant.parse("2026-11-29T10:15:30.500Z"));
  }
}
