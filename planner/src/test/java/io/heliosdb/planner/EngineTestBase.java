package io.heliosdb.planner;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.heliosdb.hidb.error.HeliosException;
import io.heliosdb.planner.api.Session;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real engine ({@link EngineHarness}) and one PostgreSQL-dialect session shared by the tests of
 * a class; a subclass puts its tables in place in {@link #setUp()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineTestBase {
  @TempDir
  static Path dir;
  protected EngineHarness h;
  protected Session s;

  @BeforeAll
  final void startEngine() throws Exception {
    h = new EngineHarness(dir);
    s = h.session();
    setUp();
  }

  /** Runs once after the engine and {@link #s} exist. */
  protected void setUp() throws Exception {}

  @AfterAll
  final void stopEngine() {
    h.close();
  }

  /** The rows of a statement run on {@link #s}. */
  protected List<List<Object>> q(String sql) {
    return EngineHarness.rows(s.execute(sql));
  }

  /** The error a statement run on {@link #s} fails with. */
  protected HeliosException fails(String sql) {
    return assertThrows(HeliosException.class, () -> EngineHarness.rows(s.execute(sql)));
  }
}
