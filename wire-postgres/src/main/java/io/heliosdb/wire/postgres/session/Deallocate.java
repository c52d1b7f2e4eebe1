package io.heliosdb.wire.postgres.session;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code DEALLOCATE [PREPARE] {name | ALL}}: drops the connection's named prepared statements. It is
 * answered here because the statements it names live in the wire session (psycopg 3 sends it to
 * keep its statement cache in step with the server's).
 *
 * @param name the statement to drop, or null for ALL
 */
record Deallocate(String name) {
  /** DEALLOCATE [PREPARE] then one identifier, plain or double-quoted, and optional semicolons. */
  private static final Pattern SHAPE = Pattern.compile(
      "(?is)\\s*deallocate\\s+(?:prepare\\s+)?(\"(?:[^\"]|\"\")+\"|[\\p{L}_][\\p{L}\\p{N}_$]*)[\\s;]*");

  boolean all() {
    return name == null;
  }

  /** The command tag PostgreSQL reports. */
  String tag() {
    return all() ? "DEALLOCATE ALL" : "DEALLOCATE";
  }

  /** Recognises the statement; empty for any other SQL (then the planner handles or refuses it). */
  static Optional<Deallocate> parse(String sql) {
    int i = 0;
    while (i < sql.length() && Character.isWhitespace(sql.charAt(i))) {
      i++;
    }
    if (!sql.regionMatches(true, i, "deallocate", 0, 10)) {
      return Optional.empty(); // every statement is asked: no regular expression for the others
    }
    Matcher m = SHAPE.matcher(sql);
    if (!m.matches()) {
      return Optional.empty();
    }
    String target = m.group(1);
    if (target.startsWith("\"")) {
      return Optional.of(new Deallocate(target.substring(1, target.length() - 1).replace("\"\"", "\"")));
    }
    if (target.equalsIgnoreCase("all")) {
      return Optional.of(new Deallocate(null));
    }
    return Optional.of(new Deallocate(target.toLowerCase(Locale.ROOT)));
  }
}
