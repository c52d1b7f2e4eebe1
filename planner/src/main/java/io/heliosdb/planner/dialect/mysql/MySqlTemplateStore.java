package io.heliosdb.planner.dialect.mysql;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The statement templates of every MySQL session of one server (see {@link MySqlStatementTemplates}),
 * so a new connection's first statement of a known shape skips translation too. Short-lived
 * connections (one per request or per script run) otherwise translated their first 40 KB
 * multi-row INSERT afresh each time, which also kept the JIT recompiling the translator.
 *
 * <p>An entry is keyed by the shape and by the session's translation context (current database and
 * session variables as {@link MySqlDialectSession} renders them): a template holds only what a
 * translation made of text without variables or session functions, but the key keeps that true
 * should translation come to read session state. Translation does not read the catalog, so DDL
 * leaves entries valid (the plan cache, keyed by the normalized text, follows the catalog).
 *
 * <p>Bounded by entries and by characters held; when over, about an eighth of the entries (in
 * hash order, i.e. arbitrary ones) go. Thread-safe.
 */
public final class MySqlTemplateStore {
  /** Shapes kept for the whole server: far more than an application's hot statements. */
  static final int MAX_ENTRIES = 4096;
  /** Characters of shapes and normalized texts held (about twice as many bytes). */
  static final long MAX_CHARS = 16L << 20;

  private record Key(String context, String shape) {}

  private final ConcurrentHashMap<Key, MySqlStatementTemplates.Template> entries = new ConcurrentHashMap<>();
  private final AtomicLong chars = new AtomicLong();
  private final LongAdder hits = new LongAdder();

  MySqlStatementTemplates.Template get(String context, String shape) {
    return entries.get(new Key(context, shape));
  }

  /** A statement ran from a template instead of being translated. */
  void hit() {
    hits.increment();
  }

  long hits() {
    return hits.sum();
  }

  void put(String context, String shape, MySqlStatementTemplates.Template template) {
    Key key = new Key(context, shape);
    MySqlStatementTemplates.Template previous = entries.put(key, template);
    chars.addAndGet(charsOf(key, template) - (previous == null ? 0 : charsOf(key, previous)));
    if (entries.size() > MAX_ENTRIES || chars.get() > MAX_CHARS) {
      evictSome();
    }
  }

  int size() {
    return entries.size();
  }

  /** Forgets every template (tests compare against statements translated afresh). */
  void clear() {
    entries.clear();
    chars.set(0);
  }

  private void evictSome() {
    int toRemove = Math.max(1, entries.size() / 8);
    Iterator<Key> keys = entries.keySet().iterator();
    while (keys.hasNext() && toRemove > 0 && (entries.size() > MAX_ENTRIES * 7L / 8 || chars.get() > MAX_CHARS * 7 / 8)) {
      Key key = keys.next();
      MySqlStatementTemplates.Template removed = entries.remove(key);
      if (removed != null) {
        chars.addAndGet(-charsOf(key, removed));
        toRemove--;
      }
    }
  }

  private static long charsOf(Key key, MySqlStatementTemplates.Template template) {
    long n = key.shape().length() + key.context().length();
    if (template.normalizedText() != null) {
      n += template.normalizedText().length() + 2L * template.literalParameter().length;
    }
    return n;
  }
}
