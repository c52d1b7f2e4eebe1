/**
 * The compute layer: {@link io.heliosdb.planner.HeliosEngine} opens protocol-neutral sessions,
 * plans statements with Calcite and executes them on the storage cells over HIDB.
 */
package io.heliosdb.planner;
