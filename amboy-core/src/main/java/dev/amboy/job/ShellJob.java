package dev.amboy.job;

import dev.amboy.JobContext;
import dev.amboy.JobType;
import dev.amboy.dependency.CreatesFile;
import dev.amboy.internal.JobIds;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an external command without a shell: the command line is split on whitespace (or given as
 * arguments), the process inherits the JVM's environment plus {@link #environment()}, and its
 * combined output is kept, trimmed, in {@link #output()}. A non-zero exit status is an error. The
 * process is killed when the job is aborted or exceeds its max time.
 *
 * <p>With a {@code creates} file the job has a {@link CreatesFile} dependency: ordered queues skip
 * it once the file exists.
 */
public final class ShellJob extends AbstractJob {

  public static final JobType TYPE = JobType.of("shell", 1);

  private List<String> command = new ArrayList<>();
  private String workingDirectory = "";
  private Map<String, String> environment = new LinkedHashMap<>();
  private String output = "";
  private Integer exitStatus;

  /** For the registry. */
  public ShellJob() {
    super(TYPE);
  }

  /** A job running {@code commandLine}, split on whitespace. */
  public ShellJob(String commandLine) {
    this(commandLine, "");
  }

  /** A job running {@code commandLine} that is done once {@code creates} exists. */
  public ShellJob(String commandLine, String creates) {
    this(split(commandLine), creates);
  }

  /** A job running the given arguments, done once {@code creates} exists (when not empty). */
  public ShellJob(List<String> arguments, String creates) {
    super(idFor(arguments), TYPE);
    if (arguments.isEmpty()) {
      throw new IllegalArgumentException("a shell job needs a command");
    }
    this.command = new ArrayList<>(arguments);
    if (creates != null && !creates.isEmpty()) {
      setDependency(new CreatesFile(creates));
    }
  }

  private static List<String> split(String commandLine) {
    String trimmed = commandLine == null ? "" : commandLine.trim();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  private static String idFor(List<String> arguments) {
    String program = arguments.isEmpty() ? "empty" : Path.of(arguments.get(0)).getFileName() + "";
    return "shell-job-" + JobIds.nextNumber() + "-" + program;
  }

  /** Sets the directory the command runs in; empty means the JVM's working directory. */
  public ShellJob workingDirectory(String directory) {
    this.workingDirectory = directory == null ? "" : directory;
    return this;
  }

  /** Adds an environment variable for the command. */
  public ShellJob environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public List<String> command() {
    return List.copyOf(command);
  }

  public Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  public String workingDirectory() {
    return workingDirectory;
  }

  /** The command's combined standard output and error, trimmed; empty before it runs. */
  public String output() {
    return output;
  }

  /** The exit status of the last run, or {@code null} before it ends. */
  public Integer exitStatus() {
    return exitStatus;
  }

  @Override
  public void run(JobContext context) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (!workingDirectory.isEmpty()) {
      builder.directory(new File(workingDirectory));
    }
    builder.environment().putAll(environment);
    Path captured = Files.createTempFile("amboy-shell-", ".out");
    try {
      builder.redirectOutput(captured.toFile());
      Process process = builder.start();
      try {
        exitStatus = process.waitFor();
      } catch (InterruptedException e) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw e;
      } finally {
        output = Files.readString(captured, StandardCharsets.UTF_8).trim();
      }
    } finally {
      Files.deleteIfExists(captured);
    }
    if (exitStatus != 0) {
      throw new IOException(
          "command " + command + " exited with status " + exitStatus + ": " + output);
    }
  }
}
