package io.heliosdb.planner.session;

import io.heliosdb.hidb.error.ErrorCode;
import io.heliosdb.hidb.error.HeliosException;
import java.lang.reflect.InvocationTargetException;

/** Maps whatever a plan's execution throws to the neutral error codes front ends understand. */
final class Errors {
  private Errors() {}

  static HeliosException translate(Throwable t) {
    Throwable e = t;
    while ((e instanceof InvocationTargetException || e instanceof java.util.concurrent.ExecutionException
        || (e instanceof RuntimeException && e.getClass() == RuntimeException.class)) && e.getCause() != null) {
      e = e.getCause();
    }
    if (e instanceof HeliosException h) {
      return h;
    }
    Throwable cause = e.getCause();
    if (cause instanceof HeliosException h) {
      return h;
    }
    String msg = String.valueOf(e.getMessage());
    if (e instanceof NumberFormatException) {
      return new HeliosException(ErrorCode.INVALID_TEXT_REPRESENTATION, "invalid input syntax: " + msg, e);
    }
    if (e instanceof ArithmeticException) {
      if (msg.contains("by zero") || msg.toLowerCase().contains("division")) {
        return new HeliosException(ErrorCode.DIVISION_BY_ZERO, "division by zero", e);
      }
      // Math.addExact and friends (checked integer arithmetic): PostgreSQL's wording
      if (msg.equals("integer overflow")) {
        return new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "integer out of range", e);
      }
      if (msg.equals("long overflow")) {
        return new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "bigint out of range", e);
      }
      return new HeliosException(ErrorCode.NUMERIC_VALUE_OUT_OF_RANGE, "value out of range: " + msg, e);
    }
    if (e instanceof IllegalArgumentException || e instanceof ClassCastException) {
      return new HeliosException(ErrorCode.DATA_EXCEPTION, msg, e);
    }
    if (e instanceof ExceptionInInitializerError && e.getCause() != null) {
      return translate(e.getCause());
    }
    if (e instanceof UnsupportedOperationException) {
      return new HeliosException(ErrorCode.FEATURE_NOT_SUPPORTED, msg, e);
    }
    return new HeliosException(ErrorCode.INTERNAL_ERROR, e.getClass().getSimpleName() + ": " + msg, e);
  }
}
