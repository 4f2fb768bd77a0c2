package dev.amboy;

import tools.jackson.databind.JsonNode;

/**
 * Turns jobs into their stored JSON form and back. Implemented by the registry's serializer; jobs
 * that hold other jobs (such as {@code JobGroup}) store them through it.
 */
public interface JobCodec {

  /** The job's full envelope as a JSON tree. */
  JsonNode encode(Job job);

  /** Rebuilds a job from an envelope made by {@link #encode(Job)}. */
  Job decode(JsonNode envelope);
}
