package io.heliosdb.planner.api;

import java.util.Map;

/**
 * How a front end opens a session.
 *
 * @param user authenticated user name
 * @param database database the client asked for (HeliosDB has one database, "heliosdb"; other
 *     names are refused with UNDEFINED_DATABASE)
 * @param protocol front end name for metrics, e.g. "postgres"
 * @param dialect SQL dialect of the statements this session will send
 * @param startupSettings settings the client sent at connect (application_name, DateStyle, ...)
 */
public record SessionOptions(String user, String database, String protocol, Dialect dialect,
    Map<String, String> startupSettings) {}
