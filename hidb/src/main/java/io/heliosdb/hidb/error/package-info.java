/** One exception hierarchy with neutral error codes; protocol front ends translate them. */
package io.heliosdb.hidb.error;
