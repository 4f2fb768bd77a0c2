package dev.amboy.spring.boot.actuate.endpoint;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * Gives the {@code amboy} endpoint's job actions HTTP statuses: 200 when done, 404 for an unknown
 * queue or job, 409 when the job's state or runner does not allow the action, 400 for an unknown
 * action. The body is the {@link JobActionResult} in every case.
 */
@EndpointWebExtension(endpoint = AmboyEndpoint.class)
public class AmboyEndpointWebExtension {

  private static final int STATUS_CONFLICT = 409;

  private final AmboyEndpoint endpoint;

  public AmboyEndpointWebExtension(AmboyEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @WriteOperation
  public WebEndpointResponse<JobActionResult> jobAction(
      @Selector String name, @Selector String jobId, @Nullable String action) {
    JobActionResult result = endpoint.jobAction(name, jobId, action);
    return new WebEndpointResponse<>(result, status(result));
  }

  private static int status(JobActionResult result) {
    if (result.done() || result.reason() == null) {
      return WebEndpointResponse.STATUS_OK;
    }
    return switch (result.reason()) {
      case NOT_FOUND -> WebEndpointResponse.STATUS_NOT_FOUND;
      case CONFLICT -> STATUS_CONFLICT;
      case BAD_REQUEST -> WebEndpointResponse.STATUS_BAD_REQUEST;
    };
  }
}
