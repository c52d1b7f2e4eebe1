package io.heliosdb.planner.api;

/**
 * How COPY rows are spelled on the wire: PostgreSQL's text format (delimited, backslash escapes)
 * or CSV (quoted fields). Parsed by the planner from the statement's options; the front end
 * encodes and decodes the bytes.
 *
 * @param csv true for FORMAT csv, false for FORMAT text
 * @param header true when the first line names the columns (CSV only, as PostgreSQL)
 * @param delimiter the one-byte field separator (tab for text, comma for CSV)
 * @param nullString the spelling of NULL (\N for text, empty unquoted for CSV)
 * @param quote the CSV quote character
 * @param escape the CSV escape character inside quotes (the quote itself by default)
 */
public record CopyFormat(boolean csv, boolean header, char delimiter, String nullString, char quote, char escape) {

  public static final CopyFormat TEXT = new CopyFormat(false, false, '\t', "\\N", '"', '"');
  public static final CopyFormat CSV = new CopyFormat(true, false, ',', "", '"', '"');
}
