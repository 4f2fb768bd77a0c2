package dev.amboy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/** The default mapper's instants against the JDK and against Jackson's own java.time support. */
class IsoInstantModuleTest {

  private static final Instant TIME = Instant.parse("2026-11-29T10:15:30.123456Z");

  private final JsonMapper mapper = JobSerializer.defaultMapper();

  /** Jackson's built-in instant support with the same settings, as the reference. */
  private final JsonMapper reference =
      JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

  record Times(
      @JsonProperty("plain") Instant plain,
      @JsonProperty("list") List<Instant> list,
      @JsonProperty("number") @JsonFormat(shape = JsonFormat.Shape.NUMBER) Instant number,
      @JsonProperty("local")
          @JsonFormat(
              shape = JsonFormat.Shape.STRING,
              pattern = "yyyy-MM-dd HH:mm",
              timezone = "Europe/Berlin")
          Instant local) {}

  @Test
  void writesAndReadsWhatJacksonsOwnSupportWritesAndReads() {
    Times times =
        new Times(
            TIME,
            List.of(Instant.EPOCH, TIME.plusNanos(1), Instant.parse("+10000-01-01T00:00:00Z")),
            TIME.truncatedTo(ChronoUnit.SECONDS).plusMillis(250),
            Instant.parse("2026-11-29T09:15:00Z"));

    String json = mapper.writeValueAsString(times);

    assertThat(json).isEqualTo(reference.writeValueAsString(times));
    assertThat(json)
        .contains("\"plain\":\"2026-11-29T10:15:30.123456Z\"")
        .contains("\"number\":" + TIME.getEpochSecond() + ".250000000")
        .contains("\"local\":\"2026-11-29 10:15\"");
    assertThat(mapper.readValue(json, Times.class)).isEqualTo(times);
  }

  @Test
  void readsTheOtherFormsJacksonReads() {
    Map<String, Instant> read =
        mapper.readValue(
            """
            {"offset": "2026-11-29T11:15:30+01:00", "number": 1764411330.5,
             "digits": "1764411330000", "late": "+10000-01-01T00:00:00Z"}
            """,
            new TypeReference<Map<String, Instant>>() {});
    Map<String, Instant> expected =
        reference.readValue(
            """
            {"offset": "2026-11-29T11:15:30+01:00", "number": 1764411330.5,
             "digits": "1764411330000", "late": "+10000-01-01T00:00:00Z"}
            """,
            new TypeReference<Map<String, Instant>>() {});

    assertThat(read)
        .isEqualTo(expected)
        .containsEntry("offset", Instant.parse("2026-11-29T10:15:30Z"));
  }

  @Test
  void honoursAMapperThatWritesTimestamps() {
    JsonMapper numeric =
        JobSerializer.defaultMapperBuilder()
            .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    assertThat(numeric.writeValueAsString(TIME))
        .isEqualTo(TIME.getEpochSecond() + ".123456000")
        .isEqualTo(
            JsonMapper.builder()
                .enable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                .build()
                .writeValueAsString(TIME));
  }

  @Test
  void leavesTextThatNamesNoInstantToJacksonsErrors() {
    assertThatThrownBy(() -> mapper.readValue("\"2026-02-30T00:00:00Z\"", Instant.class))
        .isInstanceOf(DatabindException.class)
        .hasMessageContaining("2026-02-30T00:00:00Z");
  }
}
