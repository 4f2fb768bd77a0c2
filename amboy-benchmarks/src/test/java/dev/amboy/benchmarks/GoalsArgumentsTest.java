package dev.amboy.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoalsArgumentsTest {

  @Test
  void takesEveryDocumentedArgument() {
    Goals.checkArguments(
        List.of(
            "--quick",
            "--local-only",
            "--postgres-only",
            "--pg-p6",
            "--pg-peer-latency",
            "--rounds=3",
            "--pg-jobs=200000",
            "--pg-reps=5",
            "--pg-workers=8"),
        false);
    Goals.checkArguments(List.of("--full", "--local-only", "/tmp/local.md"), true);
  }

  @Test
  void namesAMistypedArgumentAndWhatIsTaken() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Goals.checkArguments(List.of("--quick", "--round=3"), false))
        .withMessageContaining("unknown argument '--round=3'")
        .withMessageContaining("--rounds=N");
  }

  @Test
  void takesAReportPathOnlyAsTheLastArgumentOfAFullRun() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Goals.checkArguments(List.of("--local-only", "/tmp/local.md"), false))
        .withMessageContaining("unknown argument '/tmp/local.md'");
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> Goals.checkArguments(List.of("--full", "/tmp/local.md", "--local-only"), true))
        .withMessageContaining("unknown argument '/tmp/local.md'");
  }

  @Test
  void runsOneLocalRoundInAQuickRunAndThreeInAFullOne() {
    assertThat(Goals.localRounds(List.of("--quick"), false)).isEqualTo(1);
    assertThat(Goals.localRounds(List.of("--full"), true)).isEqualTo(3);
    assertThat(Goals.localRounds(List.of("--quick", "--rounds=3"), false)).isEqualTo(3);
  }

  @Test
  void refusesRoundsBelowOneOrNotANumber() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Goals.localRounds(List.of("--rounds=0"), false))
        .withMessage("--rounds=N must be at least 1 but was 0");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Goals.localRounds(List.of("--rounds=three"), false))
        .withMessageContaining("--rounds=N must be a whole number but was --rounds=three");
  }
}
