/** Connector/J (com.mysql:mysql-connector-j) against the embedded server's MySQL listener. */
package io.heliosdb.compliance.mysqlj;
