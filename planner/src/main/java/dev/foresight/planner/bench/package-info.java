/**
 * Measurement programs behind {@code foresight bench planner}: planning speed over a grid of
 * settings and the machine's own single-threaded matrix-multiply peak, so the predictor's achieved
 * GFLOP/s can be read against it. Benchmarks print numbers; tests never time anything.
 */
package dev.foresight.planner.bench;
