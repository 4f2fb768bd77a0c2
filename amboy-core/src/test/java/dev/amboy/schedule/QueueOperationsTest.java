package dev.amboy.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.amboy.DuplicateJobException;
import dev.amboy.Job;
import dev.amboy.Queue;
import dev.amboy.QueueClosedException;
import dev.amboy.QueueFullException;
import dev.amboy.job.Jobs;
import dev.amboy.queue.LocalQueueOptions;
import dev.amboy.queue.Queues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class QueueOperationsTest {

  private final Queue queue = Queues.limitedSize(LocalQueueOptions.builder("factories").build());

  @AfterEach
  void close() {
    queue.close();
  }

  private static Job job(String id) {
    return Jobs.of(id, c -> {});
  }

  private List<String> ids() {
    try (Stream<Job> jobs = queue.jobs()) {
      return jobs.map(Job::id).toList();
    }
  }

  @Test
  void jobPutsTheSuppliedJob() throws Exception {
    QueueOperation operation = QueueOperations.job(() -> job("one"));

    operation.run(queue);

    assertThat(ids()).containsExactly("one");
    assertThatThrownBy(() -> operation.run(queue)).isInstanceOf(DuplicateJobException.class);
  }

  @Test
  void aSupplierThatReturnsNullIsAClearFailure() {
    assertThatThrownBy(() -> QueueOperations.job(() -> null).run(queue))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the job supplier for queue 'factories' returned null");
    assertThatThrownBy(() -> QueueOperations.jobs(() -> null).run(queue))
        .hasMessage("the jobs supplier for queue 'factories' returned null");
    assertThatThrownBy(() -> QueueOperations.generator(() -> null).run(queue))
        .hasMessage("the job generator for queue 'factories' returned null");
    assertThatThrownBy(() -> QueueOperations.job(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("supplier must be set but was null");
    assertThatThrownBy(() -> QueueOperations.generator(null))
        .hasMessage("generator must be set but was null");
  }

  @Test
  void jobsPutsEveryJobAndReportsEveryFailureTogether() {
    queue.put(job("b"));
    List<Job> batch = new ArrayList<>(List.of(job("a"), job("b"), job("c")));
    batch.add(null);
    batch.add(job("d"));
    QueueOperation operation = QueueOperations.jobs(() -> batch);

    assertThatThrownBy(() -> operation.run(queue))
        .isInstanceOfSatisfying(
            QueueOperationException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "2 of 5 jobs could not be put into queue 'factories'; first:"
                          + " DuplicateJobException: job 'b' already exists in queue"
                          + " 'factories'");
              assertThat(e.failures()).hasSize(2);
              assertThat(e.failures().get(1)).hasMessage("job 4 of the batch was null");
              assertThat(e.getSuppressed()).hasSize(2);
              assertThat(QueueOperationException.isOnlyDuplicates(e)).isFalse();
            });
    assertThat(ids()).containsExactly("b", "a", "c", "d");
  }

  @Test
  void failuresThatAreAllDuplicatesAreRecognisedAsSuch() {
    queue.put(job("a"));
    queue.put(job("b"));

    assertThatThrownBy(() -> QueueOperations.jobs(() -> List.of(job("a"), job("b"))).run(queue))
        .isInstanceOfSatisfying(
            QueueOperationException.class,
            e -> assertThat(QueueOperationException.isOnlyDuplicates(e)).isTrue());
    assertThat(
            QueueOperationException.isOnlyDuplicates(
                new QueueOperationException(
                    "nested",
                    List.of(
                        new DuplicateJobException("q", "x"),
                        new QueueOperationException(
                            "inner", List.of(new DuplicateJobException("q", "y")))))))
        .isTrue();
    assertThat(
            QueueOperationException.isOnlyDuplicates(
                new QueueOperationException("none", List.of())))
        .isFalse();
    assertThat(QueueOperationException.isOnlyDuplicates(new IllegalStateException("other")))
        .isFalse();
  }

  @Test
  void generatorPutsEveryStreamedJobAndClosesTheStream() throws Exception {
    AtomicBoolean closed = new AtomicBoolean();
    QueueOperation operation =
        QueueOperations.generator(
            () ->
                Stream.of("x", "y", "z")
                    .map(QueueOperationsTest::job)
                    .onClose(() -> closed.set(true)));

    operation.run(queue);

    assertThat(ids()).containsExactly("x", "y", "z");
    assertThat(closed).isTrue();
  }

  @Test
  void generatorCarriesOnPastFailures() {
    Queue small =
        Queues.limitedSize(
            LocalQueueOptions.builder("small").capacity(1).putTimeout(Duration.ZERO).build());
    try {
      assertThatThrownBy(
              () ->
                  QueueOperations.generator(() -> Stream.of(job("1"), job("2"), job("3")))
                      .run(small))
          .isInstanceOfSatisfying(
              QueueOperationException.class,
              e -> {
                assertThat(e)
                    .hasMessageStartingWith("2 of 3 jobs could not be put into queue 'small'");
                assertThat(e.failures()).allMatch(f -> f instanceof QueueFullException);
              });
      assertThat(small.stats().total()).isEqualTo(1);
    } finally {
      small.close();
    }
  }

  @Test
  void generatorStopsReadingWhenItsThreadIsInterrupted() {
    AtomicBoolean closed = new AtomicBoolean();
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  QueueOperations.generator(
                          () -> Stream.of(job("1"), job("2")).onClose(() -> closed.set(true)))
                      .run(queue))
          .isInstanceOf(InterruptedException.class)
          .hasMessage("stopped while putting jobs into queue 'factories' after 0 jobs");
    } finally {
      Thread.interrupted();
    }
    assertThat(ids()).isEmpty();
    assertThat(closed).isTrue();
  }

  @Test
  void allRunsEveryOperationInOrderAndAggregatesFailures() {
    List<String> order = new ArrayList<>();
    QueueOperation operation =
        QueueOperations.all(
            q -> order.add("first"),
            q -> {
              order.add("second");
              throw new IllegalStateException("second failed");
            },
            q -> order.add("third"),
            q -> {
              order.add("fourth");
              throw new java.io.IOException("fourth failed");
            });

    assertThatThrownBy(() -> operation.run(queue))
        .isInstanceOfSatisfying(
            QueueOperationException.class,
            e -> {
              assertThat(e)
                  .hasMessage(
                      "2 of 4 operations failed on queue 'factories'; first:"
                          + " IllegalStateException: second failed");
              assertThat(e.failures())
                  .extracting(Throwable::getMessage)
                  .containsExactly("second failed", "fourth failed");
            });
    assertThat(order).containsExactly("first", "second", "third", "fourth");
  }

  @Test
  void allStopsAtAnInterruption() {
    List<String> order = new ArrayList<>();
    QueueOperation operation =
        QueueOperations.all(
            q -> {
              throw new InterruptedException("stop");
            },
            q -> order.add("second"));

    assertThatThrownBy(() -> operation.run(queue)).isInstanceOf(InterruptedException.class);
    assertThat(order).isEmpty();
  }

  @Test
  void allRejectsAMissingOperationNamingItsPosition() {
    assertThatThrownBy(() -> QueueOperations.all(q -> {}, q -> {}, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("operation 3 must be set but was null");
  }

  @Test
  void aClosedQueueFailsEveryPutAndTheFailuresSaySo() {
    queue.close();

    assertThatThrownBy(() -> QueueOperations.jobs(() -> List.of(job("a"), job("b"))).run(queue))
        .isInstanceOfSatisfying(
            QueueOperationException.class,
            e -> assertThat(e.failures()).allMatch(f -> f instanceof QueueClosedException));
  }
}
