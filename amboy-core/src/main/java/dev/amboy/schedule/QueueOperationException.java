package dev.amboy.schedule;

import dev.amboy.AmboyException;
import dev.amboy.DuplicateJobException;
import java.util.List;

/**
 * Several failures of one queue operation, reported together after every part was tried. Each
 * failure is also attached as a suppressed exception, so stack traces show them all.
 */
public class QueueOperationException extends AmboyException {

  private static final long serialVersionUID = 1L;

  public QueueOperationException(String summary, List<? extends Throwable> failures) {
    super(
        summary
            + (failures.isEmpty()
                ? ""
                : "; first: "
                    + failures.get(0).getClass().getSimpleName()
                    + ": "
                    + failures.get(0).getMessage()));
    failures.forEach(this::addSuppressed);
  }

  /** Every failure, in the order they happened. */
  public List<Throwable> failures() {
    return List.of(getSuppressed());
  }

  /**
   * Whether {@code error} reports only duplicate jobs: it is (or is caused by) a {@link
   * DuplicateJobException}, or it is a {@link QueueOperationException} all of whose failures do.
   */
  public static boolean isOnlyDuplicates(Throwable error) {
    if (DuplicateJobException.isDuplicate(error)) {
      return true;
    }
    return error instanceof QueueOperationException aggregate
        && !aggregate.failures().isEmpty()
        && aggregate.failures().stream().allMatch(QueueOperationException::isOnlyDuplicates);
  }
}
