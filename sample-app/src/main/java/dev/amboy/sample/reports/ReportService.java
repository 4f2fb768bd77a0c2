package dev.amboy.sample.reports;

import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/** Renders reports: the work a report job does, kept out of the job so it can be tested alone. */
@Service
public class ReportService {

  /**
   * A report of {@code lines} lines: line n gives n, its square and the running total.
   *
   * @throws IllegalArgumentException when lines is not between 1 and 10000
   */
  public List<String> render(String title, int lines) {
    if (lines < 1 || lines > 10_000) {
      throw new IllegalArgumentException("lines must be between 1 and 10000 but was " + lines);
    }
    List<String> report = new ArrayList<>(lines + 1);
    report.add("# " + title);
    long total = 0;
    for (int n = 1; n <= lines; n++) {
      total += n;
      report.add(n + " " + (long) n * n + " " + total);
    }
    return report;
  }
}
