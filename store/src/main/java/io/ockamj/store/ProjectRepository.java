package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * The projects known to this home. All methods may be called from an event loop; failures arrive as
 * failed futures carrying a {@link StoreException}.
 */
public interface ProjectRepository {

  /**
   * Stores a project, replacing one of the same name. If it is the default, no other project stays
   * the default; the first project stored becomes the default.
   *
   * @param project the project
   * @return a future with the project as stored
   */
  Future<ProjectRecord> store(ProjectRecord project);

  /**
   * @param name the name
   * @return a future with the project, or empty
   */
  Future<Optional<ProjectRecord>> get(String name);

  /**
   * @return a future with the default project, or empty
   */
  Future<Optional<ProjectRecord>> getDefault();

  /**
   * @return a future with every project, ordered by name
   */
  Future<List<ProjectRecord>> list();

  /**
   * @param name the name
   * @return a future with {@code true} if a project was deleted
   */
  Future<Boolean> delete(String name);
}
