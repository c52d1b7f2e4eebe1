/** The value model: SQL types and the Java form of their values, shared by cells, compute and front ends. */
package io.heliosdb.hidb.types;
