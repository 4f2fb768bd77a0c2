package dev.amboy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JobIdsTest {

  private static final Pattern ID = Pattern.compile("resize-([a-z]{6})(\\d+)");

  @Test
  void anIdIsThePrefixTheProcessTagAndAnIncreasingSequence() {
    List<Matcher> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Matcher id = ID.matcher(JobIds.next("resize"));
      assertThat(id.matches()).isTrue();
      ids.add(id);
    }

    assertThat(ids).extracting(id -> id.group(1)).containsOnly(ids.get(0).group(1));
    assertThat(ids)
        .extracting(id -> Long.parseLong(id.group(2)))
        .isSortedAccordingTo(Long::compare)
        .doesNotHaveDuplicates();
  }

  /**
   * The reason the sequence comes last: a queue's id map gets consecutive ids, and they should land
   * in nearby buckets. With the tag last, 1,000 consecutive ids spread over about 1,000 of these
   * hash ranges.
   */
  @Test
  void consecutiveIdsHaveNearbyHashCodes() {
    Set<Integer> hashRanges = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      hashRanges.add(JobIds.next("resize").hashCode() >>> 10);
    }

    assertThat(hashRanges).hasSizeLessThan(100);
  }
}
