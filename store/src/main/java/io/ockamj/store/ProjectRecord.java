package io.ockamj.store;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Objects;

/**
 * A project known to this home: imported from a project file or an enrollment ticket.
 *
 * @param name the project's name, not {@code null}
 * @param projectId the project's id, not {@code null}
 * @param isDefault whether it is the default project
 * @param model the project as Rust's {@code ProjectModel} JSON (copied)
 * @param createdAt when it was stored, or {@code null} for now
 */
public record ProjectRecord(String name, String projectId, boolean isDefault, JsonObject model, Instant createdAt) {

  /**
   * Validates and copies the components.
   *
   * @param name the name
   * @param projectId the id
   * @param isDefault default or not
   * @param model the model
   * @param createdAt created, or {@code null}
   */
  public ProjectRecord {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(projectId, "projectId");
    model = Objects.requireNonNull(model, "model").copy();
  }

  /** @return a copy of the model */
  @Override
  public JsonObject model() {
    return model.copy();
  }
}
